/// A playlist that parses but breaks a rule of RFC 8216 (or RFC 8216bis).
public struct RuleViolation: Sendable, Equatable, Codable, CustomStringConvertible {
    /// Stable snake_case rule code, such as `extinf_exceeds_target_duration`; see
    /// ``PlaylistValidator`` for the list.
    public let rule: String
    /// The 1-based line of the offending tag, or nil for rules about the playlist as a whole.
    public let line: Int?
    public let message: String

    public init(rule: String, line: Int?, message: String) {
        self.rule = rule
        self.line = line
        self.message = message
    }

    /// `line 7: extinf_exceeds_target_duration: …`
    public var description: String {
        let prefix = line.map { "line \($0): " } ?? ""
        return "\(prefix)\(rule): \(message)"
    }
}
