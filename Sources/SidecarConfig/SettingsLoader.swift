import Configuration
import Foundation

/// Builds ``SidecarSettings`` from flags, environment, config file and defaults.
public enum SettingsLoader {
    /// Loads and validates the settings.
    ///
    /// Layers, highest precedence first: flags given in `flags`; `SIDECAR_*` variables in
    /// `environment`; the YAML file named by `--config` or `SIDECAR_CONFIG`, if any; the
    /// defaults of ``SidecarSettings/init``.
    ///
    /// - Throws: ``SettingsError`` for a missing or malformed config file, an unknown key in it,
    ///   a value of the wrong type, or a value that fails validation.
    public static func load(
        flags: ServeFlags,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) async throws -> SidecarSettings {
        try await load(flags: flags, environment: environment, observer: nil)
    }

    /// `observer` also receives every access event; tests use it to check secrets are marked.
    static func load(
        flags: ServeFlags,
        environment: [String: String],
        observer: (any AccessReporter)?
    ) async throws(SettingsError) -> SidecarSettings {
        let layers = try await SettingsLayers.make(flags: flags, environment: environment)
        let tracker = SourceTracker(layers: layers.layerNames)
        let reporter: any AccessReporter =
            if let observer { BroadcastingAccessReporter(upstreams: [tracker, observer]) } else { tracker }
        let reader = SettingsReader(
            reader: ConfigReader(providers: layers.providers, accessReporter: reporter),
            tracker: tracker,
            rawText: layers.rawText(of:in:)
        )
        let settings = try reader.settings()
        if let problem = settings.problems().first {
            throw SettingsError(
                key: problem.key.name, message: problem.message, source: tracker.outcome(for: problem.key)?.source)
        }
        return settings
    }
}
