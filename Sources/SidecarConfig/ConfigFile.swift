import Configuration
import Foundation
import Yams

/// The YAML config file layer: checked by us, then served by swift-configuration's `FileProvider`.
///
/// `FileProvider` silently ignores keys nobody asks for, so a typo like `data_dir:` would go
/// unnoticed; we walk the document once ourselves to reject unknown keys and YAML nulls first.
struct ConfigFile {
    /// The provider for the reader; nil for a file without any keys (e.g. all commented out).
    var provider: FileProvider<YAMLSnapshot>?
    /// Every leaf as written, keyed by dotted name, for error messages.
    var leaves: [String: String]

    /// - Parameters:
    ///   - path: the file to read.
    ///   - origin: the flag or environment variable that named the file, for error messages.
    static func load(path: String, origin: SettingSource) async throws(SettingsError) -> ConfigFile {
        func failure(_ message: String) -> SettingsError {
            SettingsError(key: nil, message: "config file '\(path)' \(message)", source: origin)
        }
        guard FileManager.default.fileExists(atPath: path) else { throw failure("does not exist") }
        guard let data = FileManager.default.contents(atPath: path) else { throw failure("cannot be read") }

        let root: Node?
        do {
            root = try Yams.compose(yaml: String(decoding: data, as: UTF8.self))
        } catch {
            throw failure("is not valid YAML: \(error)")
        }
        guard let root else { return ConfigFile(provider: nil, leaves: [:]) }
        guard let mapping = root.mapping else { throw failure("must be a mapping of keys, like `http: {port: 8085}`") }

        var leaves: [String: String] = [:]
        try collectLeaves(of: mapping, prefix: [], into: &leaves, path: path)

        let secretKeys = Set(SettingKey.all.filter(\.isSecret).map(\.name))
        do {
            // The reader-based initializer takes the path as a plain string, which spares us a
            // direct dependency on swift-system just to build a `FilePath`.
            let pathReader = ConfigReader(
                provider: InMemoryProvider(values: ["filePath": ConfigValue(.string(path), isSecret: false)]))
            let provider = try await FileProvider<YAMLSnapshot>(
                parsingOptions: .init(secretsSpecifier: .specific(secretKeys)),
                config: pathReader
            )
            return ConfigFile(provider: provider, leaves: leaves)
        } catch {
            throw failure("cannot be loaded: \(error)")
        }
    }

    /// Flattens nested mappings into dotted keys, rejecting any key not in ``SettingKey/all``.
    private static func collectLeaves(
        of mapping: Node.Mapping,
        prefix: [String],
        into leaves: inout [String: String],
        path: String
    ) throws(SettingsError) {
        for (keyNode, value) in mapping {
            let components = prefix + [keyNode.string ?? "\(keyNode)"]
            let name = components.joined(separator: ".")
            if let nested = value.mapping {
                try collectLeaves(of: nested, prefix: components, into: &leaves, path: path)
                continue
            }
            guard let key = SettingKey.named(name) else {
                let line = keyNode.mark.map { " (line \($0.line))" } ?? ""
                throw SettingsError(key: name, message: "unknown key\(line)", source: .file(path))
            }
            // A plain `key: ~` or `key: null` would reach the program as the text "~"/"null";
            // a bare `key:` is an empty string, which the loader treats as unset.
            if let scalar = value.scalar, value.null != nil, !scalar.string.isEmpty {
                throw SettingsError(
                    key: name, message: "null is not supported; write \"\" or remove the key", source: .file(path))
            }
            if let scalar = value.scalar {
                leaves[key.name] = scalar.string
            } else if let sequence = value.sequence {
                leaves[key.name] = sequence.compactMap(\.string).joined(separator: ",")
            }
        }
    }
}
