/// One `recordings.retention` rule, as written in the file, the environment or a flag:
///
///     global max-age=30d keep-min=1
///     app:live max-bytes=500G
///     room:r1 max-age=90d max-bytes=20G keep-min=5
///
/// A scope (`global`, `app:<app>`, `room:<room id>`) then at least one limit:
/// - `max-age=<n>[s|m|h|d|w]`: recordings that ended longer ago are deleted (no unit: seconds);
/// - `max-bytes=<n>[K|M|G|T]`: the scope's recordings are kept under this many bytes, oldest
///   deleted first (binary units: `1G` = 1024³ bytes; no unit: bytes);
/// - `keep-min=<n>`: never fewer than n recordings per room (the newest are kept).
public struct RetentionRuleSetting: Sendable, Equatable {
    public enum Scope: Sendable, Hashable, CustomStringConvertible {
        case global
        case app(String)
        case room(String)

        public var description: String {
            switch self {
            case .global: "global"
            case .app(let app): "app:\(app)"
            case .room(let room): "room:\(room)"
            }
        }
    }

    public var scope: Scope
    /// Seconds.
    public var maxAge: Double?
    public var maxBytes: Int64?
    public var keepMin: Int?

    public struct ParseError: Error, Sendable, Equatable {
        public let message: String
    }

    public static func parse(_ text: String) throws(ParseError) -> RetentionRuleSetting {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard let first = words.first else { throw ParseError(message: "empty rule") }
        var rule = RetentionRuleSetting(scope: try scope(String(first)))
        guard words.count > 1 else { throw ParseError(message: "no limit (max-age=, max-bytes= or keep-min=)") }
        var seen = Set<Substring>()
        for word in words.dropFirst() {
            let parts = word.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[1].isEmpty else { throw ParseError(message: "'\(word)' is not key=value") }
            guard seen.insert(parts[0]).inserted else { throw ParseError(message: "\(parts[0]) is given twice") }
            let value = String(parts[1])
            switch parts[0] {
            case "max-age": rule.maxAge = try seconds(value)
            case "max-bytes": rule.maxBytes = try bytes(value)
            case "keep-min":
                guard let count = Int(value), count >= 0, count <= 1_000_000 else {
                    throw ParseError(message: "keep-min '\(value)' is not a count (0 or more)")
                }
                rule.keepMin = count
            default:
                throw ParseError(message: "unknown limit '\(parts[0])' (max-age, max-bytes, keep-min)")
            }
        }
        return rule
    }

    private static func scope(_ text: String) throws(ParseError) -> Scope {
        if text == "global" { return .global }
        for (prefix, make) in [("app:", Scope.app), ("room:", Scope.room)] where text.hasPrefix(prefix) {
            let name = String(text.dropFirst(prefix.count))
            guard !name.isEmpty, name.count <= 64, name != ".", name != "..",
                name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) })
            else { throw ParseError(message: "'\(name)' is not a valid \(prefix.dropLast()) name") }
            return make(name)
        }
        throw ParseError(message: "the scope '\(text)' is not global, app:<app> or room:<room id>")
    }

    private static func seconds(_ text: String) throws(ParseError) -> Double {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86_400, "w": 604_800]
        var number = Substring(text)
        var factor = 1.0
        if let last = number.last, let unit = units[last] {
            factor = unit
            number = number.dropLast()
        }
        guard let value = Double(number), value.isFinite, value > 0, value * factor < 1e12 else {
            throw ParseError(message: "max-age '\(text)' is not a duration such as 3600, 12h, 30d or 8w")
        }
        return value * factor
    }

    private static func bytes(_ text: String) throws(ParseError) -> Int64 {
        let units: [Character: Double] = ["K": 1024, "M": 1_048_576, "G": 1_073_741_824, "T": 1_099_511_627_776]
        var number = Substring(text)
        var factor = 1.0
        if let last = number.last?.uppercased().first, let unit = units[last] {
            factor = unit
            number = number.dropLast()
        }
        guard let value = Double(number), value.isFinite, value > 0, value * factor < 9e18 else {
            throw ParseError(message: "max-bytes '\(text)' is not a size such as 500M, 20G or 2T")
        }
        return Int64(value * factor)
    }
}
