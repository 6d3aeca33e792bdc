/// One attribute value before typing: quoted-string contents, or the unquoted text of any
/// other type (RFC 8216 section 4.2).
enum RawAttributeValue {
    case quoted(Bytes)
    case unquoted(Bytes)
}

/// A lexed attribute list (`NAME=value,NAME="value"`), with the tag and line that error
/// messages need. Typed access lives in AttributeList+Typed.swift.
struct AttributeList {
    struct Entry {
        let name: String
        let value: RawAttributeValue
    }

    let tag: String
    let line: Int
    private(set) var entries: [Entry] = []

    subscript(name: String) -> RawAttributeValue? {
        for entry in entries where entry.name == name { return entry.value }
        return nil
    }

    func error(_ code: PlaylistError.Code, _ message: String) -> PlaylistError {
        PlaylistError(code: code, line: line, message: "\(tag): \(message)")
    }

    /// Lexes `bytes`. Strict about what would change meaning (unterminated quotes, missing
    /// `=`, duplicate names); lenient about spaces around attributes and a trailing comma,
    /// which some encoders write and which are unambiguous.
    init(_ bytes: Bytes, tag: String, line: Int, maxAttributes: Int) throws(PlaylistError) {
        self.tag = tag
        self.line = line
        // Linear scans are cheapest for the usual handful of attributes; the set only kicks in
        // for long lists, where repeated scans would be quadratic.
        var seen: Set<String>? = nil
        var index = bytes.startIndex
        let end = bytes.endIndex
        while index < end {
            while index < end, ASCII.isSpace(bytes[index]) { index += 1 }
            if index == end { break }
            let nameStart = index
            while index < end, bytes[index] != ASCII.equals, bytes[index] != ASCII.comma {
                index += 1
            }
            let nameBytes = bytes[nameStart..<index].trimmingSpace()
            guard !nameBytes.isEmpty, nameBytes.allSatisfy(Self.isNameByte) else {
                throw error(.invalidAttribute, "invalid attribute name \(Text.snippet(nameBytes))")
            }
            let name = String(decoding: nameBytes, as: UTF8.self)
            guard index < end, bytes[index] == ASCII.equals else {
                throw error(.invalidAttribute, "attribute \(name) has no value")
            }
            index += 1
            let value: RawAttributeValue
            if index < end, bytes[index] == ASCII.quote {
                let contentStart = index + 1
                guard let close = bytes[contentStart...].firstIndex(of: ASCII.quote) else {
                    throw error(.invalidAttribute, "\(name) has an unterminated quoted-string")
                }
                value = .quoted(bytes[contentStart..<close])
                index = close + 1
                while index < end, ASCII.isSpace(bytes[index]) { index += 1 }
                guard index == end || bytes[index] == ASCII.comma else {
                    throw error(.invalidAttribute, "unexpected text after \(name)'s quoted-string")
                }
            } else {
                let valueStart = index
                while index < end, bytes[index] != ASCII.comma { index += 1 }
                let text = bytes[valueStart..<index].trimmingSpace()
                guard !text.isEmpty else {
                    throw error(.invalidAttribute, "\(name) has an empty value")
                }
                guard !text.contains(where: { $0 == ASCII.quote || ASCII.isSpace($0) }) else {
                    throw error(.invalidAttribute, "\(name) has an invalid value \(Text.snippet(text))")
                }
                value = .unquoted(text)
            }
            if index < end { index += 1 }  // the comma

            guard entries.count < maxAttributes else {
                throw error(.tooManyAttributes, "more than \(maxAttributes) attributes")
            }
            if entries.count == 8 { seen = Set(entries.map(\.name)) }
            let duplicate: Bool
            if seen != nil {
                duplicate = seen?.insert(name).inserted == false
            } else {
                duplicate = entries.contains { $0.name == name }
            }
            guard !duplicate else {
                throw error(.invalidAttribute, "attribute \(name) appears more than once")
            }
            entries.append(Entry(name: name, value: value))
        }
    }

    /// Attribute names are `[A-Z0-9-]`; lower case is accepted because some encoders write it
    /// and it cannot be confused with anything else.
    private static func isNameByte(_ byte: UInt8) -> Bool {
        ASCII.isDigit(byte) || byte == ASCII.minus || (byte | 0x20) &- UInt8(ascii: "a") < 26
    }
}
