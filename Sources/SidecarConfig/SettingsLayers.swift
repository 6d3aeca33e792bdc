import Configuration

/// The providers of the reader, highest precedence first, with what each stands for.
struct SettingsLayers {
    /// flags, environment, and the config file when one is named and has keys.
    var providers: [any ConfigProvider]
    /// Provider name → layer, so ``SourceTracker`` can say where a value came from.
    var layerNames: [String: SourceTracker.Layer]
    /// The environment the loader was given, for quoting bad values in errors.
    var environment: [String: String]
    /// The config file's leaves as written, for quoting bad values in errors.
    var fileLeaves: [String: String]

    /// Secrets are marked in every layer, not only at read time, so that provider
    /// descriptions and access logs redact them whoever reads them.
    static func make(flags: ServeFlags, environment: [String: String]) async throws(SettingsError) -> SettingsLayers {
        let flagLayer = InMemoryProvider(name: "flags", values: flags.configValues())
        // Keys are looked up as `sidecar.<key>`, which the provider encodes as SIDECAR_<KEY>.
        let environmentLayer = EnvironmentVariablesProvider(
            environmentVariables: environment,
            secretsSpecifier: .specific(Set(SettingKey.all.filter(\.isSecret).map(\.environmentVariable)))
        ).prefixKeys(with: "sidecar")

        var layers = SettingsLayers(
            providers: [flagLayer, environmentLayer],
            layerNames: [flagLayer.providerName: .flags, environmentLayer.providerName: .environment],
            environment: environment,
            fileLeaves: [:]
        )
        if let (path, origin) = configFilePath(flags: flags, environment: environment) {
            let file = try await ConfigFile.load(path: path, origin: origin)
            if let provider = file.provider {
                layers.providers.append(provider)
                layers.layerNames[provider.providerName] = .file(path: path)
            }
            layers.fileLeaves = file.leaves
        }
        return layers
    }

    /// `--config` wins over `SIDECAR_CONFIG`; an empty value means no file.
    static func configFilePath(flags: ServeFlags, environment: [String: String]) -> (String, SettingSource)? {
        if let path = flags.config, !path.isEmpty {
            return (path, .flag("--config"))
        }
        if let path = environment[SettingKey.configFileVariable], !path.isEmpty {
            return (path, .environment(SettingKey.configFileVariable))
        }
        return nil
    }

    /// The text a layer holds for `key`, for error messages; flags are typed, so never bad.
    func rawText(of key: SettingKey, in source: SettingSource) -> String? {
        switch source {
        case .environment(let name): environment[name]
        case .file: fileLeaves[key.name]
        case .flag, .defaultValue: nil
        }
    }
}
