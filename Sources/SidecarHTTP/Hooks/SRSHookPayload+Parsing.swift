/// Why a hook body is not an SRS hook: text for the deny's `reason`.
struct HookBodyError: Error, Equatable, CustomStringConvertible {
    let description: String

    static let malformed = HookBodyError(description: "malformed JSON")
    static let notAnObject = HookBodyError(description: "not a JSON object")
}

extension SRSHookPayload {
    /// Reads a hook body straight from its bytes, with the result `JSONDecoder` gives for this
    /// type: the same fields from the same JSON (the first of duplicate keys wins, `null` is an
    /// absent field, a whole-valued number is an `Int`), and an error wherever it fails.
    ///
    /// Written out because Foundation's decoder was the largest single cost of a hook that only
    /// reads (about 6 % of the event loops' CPU on durable pairs, more on denied publishes): it
    /// builds a map of the whole document and a container per level before copying 14 fields.
    /// This reads each value once, validates what it skips, and allocates only the strings kept.
    static func parse(_ bytes: UnsafeRawBufferPointer) throws(HookBodyError) -> SRSHookPayload {
        var reader = HookJSONReader(bytes)
        var fields = HookFields()
        reader.skipWhitespace()
        guard reader.peek == UInt8(ascii: "{") else {
            // JSONDecoder checks the whole document before the type of its top level.
            try reader.skipValue(depth: 0)
            reader.skipWhitespace()
            throw reader.atEnd ? .notAnObject : .malformed
        }
        reader.index += 1
        reader.skipWhitespace()
        if reader.peek != UInt8(ascii: "}") {
            repeat {
                let field = try reader.key { HookField(key: $0) }
                if let field, !fields.seen(field) {
                    try fields.read(field, from: &reader)
                } else {
                    try reader.skipValue(depth: 1)
                }
            } while reader.another(before: UInt8(ascii: "}"))
        }
        try reader.expect(UInt8(ascii: "}"))
        reader.skipWhitespace()
        guard reader.atEnd else { throw .malformed }
        return try fields.payload()
    }
}

/// The payload's fields, in declaration order (the order JSONDecoder reports errors in).
private enum HookField: Int, CaseIterable {
    case action, server_id, service_id, client_id, ip, vhost, app, stream, param, tcUrl, stream_id, cwd, file, seq_no

    private static let names = allCases.map { (field: $0, name: Array("\($0)".utf8)) }

    /// The field a key names; nil for keys the payload ignores.
    init?(key: UnsafeRawBufferPointer) {
        guard let match = Self.names.first(where: { $0.name.count == key.count && $0.name.elementsEqual(key) }) else { return nil }
        self = match.field
    }
}

/// What has been read so far, and the type error JSONDecoder would report first.
private struct HookFields {
    /// Bit `rawValue` is set once a field's key has been met.
    private var seenBits: UInt16 = 0
    private var strings = [String?](repeating: nil, count: HookField.allCases.count)
    private var seqNo: Int?
    private var firstError: (field: HookField, error: HookBodyError)?

    func seen(_ field: HookField) -> Bool { seenBits & (1 << field.rawValue) != 0 }

    mutating func read(_ field: HookField, from reader: inout HookJSONReader) throws(HookBodyError) {
        seenBits |= 1 << field.rawValue
        switch reader.peek {
        case UInt8(ascii: "n"):
            try reader.literal("null")
            if field == .action { fail(field, "wrong type at \"action\"") }
        case UInt8(ascii: "\"") where field != .seq_no:
            strings[field.rawValue] = try reader.stringValue()
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9") where field == .seq_no:
            let text = try reader.number()
            if let value = Int(text) ?? Double(text).flatMap({ $0.rounded() == $0 ? Int(exactly: $0) : nil }) {
                seqNo = value
            } else {
                fail(field, "invalid value at \"seq_no\"")
            }
        default:
            try reader.skipValue(depth: 1)
            fail(field, "wrong type at \"\(field)\"")
        }
    }

    private mutating func fail(_ field: HookField, _ text: String) {
        if let firstError, firstError.field.rawValue < field.rawValue { return }
        firstError = (field, HookBodyError(description: text))
    }

    func payload() throws(HookBodyError) -> SRSHookPayload {
        guard seen(.action) else { throw HookBodyError(description: "missing field \"action\"") }
        if let firstError { throw firstError.error }
        func string(_ field: HookField) -> String? { strings[field.rawValue] }
        return SRSHookPayload(
            action: string(.action) ?? "", server_id: string(.server_id), service_id: string(.service_id),
            client_id: string(.client_id), ip: string(.ip), vhost: string(.vhost), app: string(.app),
            stream: string(.stream), param: string(.param), tcUrl: string(.tcUrl), stream_id: string(.stream_id),
            cwd: string(.cwd), file: string(.file), seq_no: seqNo)
    }
}
