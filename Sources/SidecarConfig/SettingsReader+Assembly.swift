extension SettingsReader {
    /// Reads every key over the defaults of ``SidecarSettings/init``.
    ///
    /// An empty string means "not set" for the optional settings (so `SIDECAR_TOKENS_SECRET=`
    /// turns tokens off even if the file sets a secret) and for `storage.database` (back to
    /// `<data-dir>/sidecar.sqlite`). Enumerated values are compared case-insensitively.
    func settings() throws(SettingsError) -> SidecarSettings {
        let defaults = SidecarSettings()
        func optional(_ key: SettingKey) throws(SettingsError) -> String? {
            guard let value = try string(key), !value.isEmpty else { return nil }
            return value
        }
        func lowercased(_ key: SettingKey, _ fallback: String) throws(SettingsError) -> String {
            try string(key)?.lowercased() ?? fallback
        }

        let dataDir = try string(.dataDir) ?? defaults.dataDir
        return SidecarSettings(
            host: try string(.httpHost) ?? defaults.host,
            port: try int(.httpPort) ?? defaults.port,
            httpExecutor: try lowercased(.httpExecutor, defaults.httpExecutor),
            dataDir: dataDir,
            database: try optional(.database),
            sqliteSynchronous: try lowercased(.sqliteSynchronous, defaults.sqliteSynchronous),
            apiToken: try optional(.apiToken),
            srsAPI: try string(.srsAPI) ?? defaults.srsAPI,
            hlsBase: try string(.hlsBase) ?? defaults.hlsBase,
            rtmpBase: try string(.rtmpBase) ?? defaults.rtmpBase,
            app: try string(.app) ?? defaults.app,
            mediaServer: try lowercased(.mediaServer, defaults.mediaServer),
            nginxControl: try string(.nginxControl) ?? defaults.nginxControl,
            nginxStat: try string(.nginxStat) ?? defaults.nginxStat,
            tokenSecret: try optional(.tokenSecret),
            hookAllow: try list(.hookAllow) ?? defaults.hookAllow,
            hookSecret: try optional(.hookSecret),
            nodeId: try optional(.nodeId),
            logLevel: try lowercased(.logLevel, defaults.logLevel),
            logFormat: try lowercased(.logFormat, defaults.logFormat),
            readinessAttempts: try int(.readinessAttempts) ?? defaults.readinessAttempts,
            readinessInterval: try double(.readinessInterval) ?? defaults.readinessInterval,
            readinessRecheckInterval: try double(.readinessRecheckInterval) ?? defaults.readinessRecheckInterval,
            viewersFlushInterval: try double(.viewersFlushInterval) ?? defaults.viewersFlushInterval,
            shutdownGrace: try double(.shutdownGrace) ?? defaults.shutdownGrace,
            webhookURLs: try list(.webhookURLs) ?? defaults.webhookURLs,
            webhookSecret: try optional(.webhookSecret),
            webhookTimeout: try double(.webhookTimeout) ?? defaults.webhookTimeout,
            webhookMaxAge: try double(.webhookMaxAge) ?? defaults.webhookMaxAge,
            reconcileInterval: try double(.reconcileInterval) ?? defaults.reconcileInterval,
            reconnectWindow: try double(.reconnectWindow) ?? defaults.reconnectWindow,
            recordingsRoots: try list(.recordingsRoots) ?? defaults.recordingsRoots,
            recordingsRetention: try list(.recordingsRetention) ?? defaults.recordingsRetention,
            recordingsRetentionInterval: try double(.recordingsRetentionInterval) ?? defaults.recordingsRetentionInterval,
            recordingsWriteGuard: try double(.recordingsWriteGuard) ?? defaults.recordingsWriteGuard,
            recordingsRemuxMP4: try list(.recordingsRemuxMP4) ?? defaults.recordingsRemuxMP4,
            connectionsPendingTimeout: try double(.connectionsPendingTimeout) ?? defaults.connectionsPendingTimeout,
            connectionsGrace: try double(.connectionsGrace) ?? defaults.connectionsGrace,
            connectionsLayout: try lowercased(.connectionsLayout, defaults.connectionsLayout),
            connectionsSize: try string(.connectionsSize)?.lowercased() ?? defaults.connectionsSize,
            connectionsFFmpeg: try string(.connectionsFFmpeg) ?? defaults.connectionsFFmpeg,
            connectionsSourceBase: try optional(.connectionsSourceBase)
        )
    }
}
