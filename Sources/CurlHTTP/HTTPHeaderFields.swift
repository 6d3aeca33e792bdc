/// One header line of a response, as received (name spelling kept).
public struct HTTPHeaderField: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// The header fields of one HTTP response, in order, with case-insensitive lookup.
///
/// Repeated fields are kept as separate entries: `values(for:)` returns all of them, the
/// subscript returns the first.
public struct HTTPHeaderFields: Sendable, Hashable, RandomAccessCollection, CustomStringConvertible {
    private var fields: [HTTPHeaderField]

    public init() { fields = [] }

    public init(_ fields: [HTTPHeaderField]) { self.fields = fields }

    public init(_ pairs: [(String, String)]) {
        fields = pairs.map { HTTPHeaderField(name: $0.0, value: $0.1) }
    }

    public var startIndex: Int { fields.startIndex }
    public var endIndex: Int { fields.endIndex }
    public subscript(position: Int) -> HTTPHeaderField { fields[position] }

    /// The first value of the field `name` (any letter case), or nil.
    public subscript(name: String) -> String? {
        fields.first { Self.sameName($0.name, name) }?.value
    }

    /// Every value of the field `name` (any letter case), in the order received.
    public func values(for name: String) -> [String] {
        fields.filter { Self.sameName($0.name, name) }.map(\.value)
    }

    public func contains(_ name: String) -> Bool {
        fields.contains { Self.sameName($0.name, name) }
    }

    public mutating func append(name: String, value: String) {
        fields.append(HTTPHeaderField(name: name, value: value))
    }

    /// Appends `more` to the last value: obsolete line folding (RFC 9112 section 5.2).
    mutating func continueLastValue(_ more: String) {
        guard !fields.isEmpty else { return }
        fields[fields.count - 1].value += " " + more
    }

    public var description: String {
        fields.map { "\($0.name): \($0.value)" }.joined(separator: "\n")
    }

    /// Field names are ASCII tokens, so an ASCII-only case fold is exact and allocates nothing.
    static func sameName(_ a: String, _ b: String) -> Bool {
        a.utf8.elementsEqual(b.utf8) { lowerASCII($0) == lowerASCII($1) }
    }

    private static func lowerASCII(_ byte: UInt8) -> UInt8 {
        (byte >= 0x41 && byte <= 0x5A) ? byte | 0x20 : byte
    }
}
