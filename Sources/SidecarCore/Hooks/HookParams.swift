import Foundation

/// The query SRS passes through from the client's URL (`param`, e.g. `?key=abc&x=1`).
///
/// Parameters are matched by exact name, once: a `key` smuggled inside another parameter's
/// value, or given twice, never matches.
public struct HookParams: Sendable, Equatable {
    private var values: [String: [String]] = [:]

    public init(_ param: String) {
        let query = param.hasPrefix("?") ? param.dropFirst() : Substring(param)
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(parts[0]) else { continue }
            let value = parts.count > 1 ? Self.decode(parts[1]) ?? "" : ""
            values[name, default: []].append(value)
        }
    }

    /// The value of `name` when it appears exactly once.
    public func single(_ name: String) -> String? {
        guard let list = values[name], list.count == 1 else { return nil }
        return list[0]
    }

    /// Whether `name` appears more than once (an ambiguous credential is refused).
    public func isRepeated(_ name: String) -> Bool {
        (values[name]?.count ?? 0) > 1
    }

    private static func decode(_ text: Substring) -> String? {
        // Keys and tokens are URL-safe, so the common case has nothing to decode.
        if !text.utf8.contains(UInt8(ascii: "%")) && !text.utf8.contains(UInt8(ascii: "+")) { return String(text) }
        return String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}
