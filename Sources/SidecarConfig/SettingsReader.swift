import Configuration

/// Typed reads of one ``SettingKey`` through the layered `ConfigReader`, turning an unusable
/// value into a ``SettingsError`` that names the key and the layer.
struct SettingsReader {
    let reader: ConfigReader
    let tracker: SourceTracker
    /// The text as written in a layer, for error messages; nil when not available.
    let rawText: (SettingKey, SettingSource) -> String?

    func string(_ key: SettingKey) throws(SettingsError) -> String? {
        let value = reader.string(forKey: ConfigKey(key.name), isSecret: key.isSecret)
        try check(key, expected: "a string")
        return value
    }

    func int(_ key: SettingKey) throws(SettingsError) -> Int? {
        let value = reader.int(forKey: ConfigKey(key.name), isSecret: key.isSecret)
        try check(key, expected: "a whole number")
        return value
    }

    /// Durations in seconds; whole numbers are accepted too (swift-configuration converts).
    func double(_ key: SettingKey) throws(SettingsError) -> Double? {
        let value = reader.double(forKey: ConfigKey(key.name), isSecret: key.isSecret)
        try check(key, expected: "a number")
        return value
    }

    /// A list: a YAML sequence, a comma-separated environment variable, or repeated flags.
    /// Blank items are dropped, so `SIDECAR_HOOKS_ALLOW=` means an empty list.
    func list(_ key: SettingKey) throws(SettingsError) -> [String]? {
        let value = reader.stringArray(forKey: ConfigKey(key.name), isSecret: key.isSecret)
        try check(key, expected: "a list")
        // The environment provider has already split on commas and flags split themselves;
        // YAML items are kept whole, so a URL in a YAML list may contain a comma.
        return value?.map { $0[...].trimmingWhitespace() }.filter { !$0.isEmpty }
    }

    /// Splits a flag value on commas, trims blanks and drops empty items.
    static func splitList(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
    }

    private func check(_ key: SettingKey, expected: String) throws(SettingsError) {
        guard let outcome = tracker.outcome(for: key), outcome.failed else { return }
        // Never echo a secret, not even a malformed one.
        if !key.isSecret, let raw = rawText(key, outcome.source) {
            throw SettingsError(key: key.name, message: "'\(raw)' is not \(expected)", source: outcome.source)
        }
        throw SettingsError(key: key.name, message: "expected \(expected)", source: outcome.source)
    }
}

extension Substring {
    fileprivate func trimmingWhitespace() -> String {
        let start = firstIndex { !$0.isWhitespace } ?? endIndex
        let end = lastIndex { !$0.isWhitespace }.map(index(after:)) ?? start
        return String(self[start..<end])
    }
}
