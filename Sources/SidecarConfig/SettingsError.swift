/// Where a setting's value came from; used to point operators at the layer to fix.
public enum SettingSource: Sendable, Equatable, CustomStringConvertible {
    /// A `serve` flag, e.g. `--port`.
    case flag(String)
    /// An environment variable, e.g. `SIDECAR_HTTP_PORT`.
    case environment(String)
    /// The YAML config file at this path.
    case file(String)
    /// The built-in default.
    case defaultValue

    public var description: String {
        switch self {
        case .flag(let name): "flag \(name)"
        case .environment(let name): "environment \(name)"
        case .file(let path): "config file \(path)"
        case .defaultValue: "default"
        }
    }
}

/// A configuration problem that stops the daemon from starting.
///
/// The description is meant to be printed as is, e.g.
/// `http.port: 70000 is not a valid port (from flag --port)`.
public struct SettingsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The dotted key at fault, when the problem is about one key.
    public var key: String?
    /// What is wrong, without the key or the source.
    public var message: String
    /// Where the offending value came from, when known.
    public var source: SettingSource?

    public init(key: String?, message: String, source: SettingSource? = nil) {
        self.key = key
        self.message = message
        self.source = source
    }

    public var description: String {
        var text = key.map { "\($0): \(message)" } ?? message
        if let source {
            text += " (from \(source))"
        }
        return text
    }
}
