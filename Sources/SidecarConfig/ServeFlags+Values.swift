import Configuration

extension ServeFlags {
    /// The flags that were given, as config values for the top `InMemoryProvider` layer.
    ///
    /// Unset flags are simply absent, so lower layers show through. Repeatable flags also
    /// accept comma-separated values, to read the same as their environment variables.
    func configValues() -> [AbsoluteConfigKey: ConfigValue] {
        var values: [AbsoluteConfigKey: ConfigValue] = [:]
        func put(_ key: SettingKey, _ content: ConfigContent?) {
            guard let content else { return }
            values[AbsoluteConfigKey(ConfigKey(key.name))] = ConfigValue(content, isSecret: key.isSecret)
        }
        func string(_ value: String?) -> ConfigContent? { value.map(ConfigContent.string) }
        func list(_ values: [String]) -> ConfigContent? {
            values.isEmpty ? nil : .stringArray(values.flatMap(SettingsReader.splitList))
        }
        put(.httpHost, string(host))
        put(.httpPort, port.map(ConfigContent.int))
        put(.dataDir, string(dataDir))
        put(.database, string(database))
        put(.apiToken, string(apiToken))
        put(.srsAPI, string(srsAPI))
        put(.hlsBase, string(hlsBase))
        put(.rtmpBase, string(rtmpBase))
        put(.app, string(app))
        put(.mediaServer, string(mediaServer))
        put(.nginxControl, string(nginxControl))
        put(.nginxStat, string(nginxStat))
        put(.tokenSecret, string(tokenSecret))
        put(.hookAllow, list(hookAllow))
        put(.hookSecret, string(hookSecret))
        put(.nodeId, string(nodeId))
        put(.logLevel, string(logLevel))
        put(.logFormat, string(logFormat))
        put(.webhookURLs, list(webhookURLs))
        put(.webhookSecret, string(webhookSecret))
        put(.reconcileInterval, reconcileInterval.map(ConfigContent.double))
        put(.reconnectWindow, reconnectWindow.map(ConfigContent.double))
        put(.recordingsRoots, list(recordingsRoots))
        put(.recordingsRetention, list(retentionRules))
        put(.recordingsRetentionInterval, retentionInterval.map(ConfigContent.double))
        return values
    }
}
