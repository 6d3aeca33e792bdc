/// Typed reads of attributes (RFC 8216 section 4.2). Each returns nil when the attribute is
/// absent and throws, naming the tag, line and attribute, when it has the wrong type.
extension AttributeList {
    /// The attribute read with `read`, or a `missingAttribute` error.
    func required<T>(
        _ name: String, _ read: (String) throws(PlaylistError) -> T?
    ) throws(PlaylistError) -> T {
        guard let value = try read(name) else {
            throw error(.missingAttribute, "\(name) is required")
        }
        return value
    }

    func decimalInteger(_ name: String) throws(PlaylistError) -> Int? {
        try number(name, "decimal-integer", NumberParser.decimalInteger)
    }

    func decimalFloat(_ name: String) throws(PlaylistError) -> Double? {
        try number(name, "decimal-floating-point", NumberParser.decimalFloat)
    }

    func signedDecimalFloat(_ name: String) throws(PlaylistError) -> Double? {
        try number(name, "signed-decimal-floating-point", NumberParser.signedDecimalFloat)
    }

    func resolution(_ name: String) throws(PlaylistError) -> Resolution? {
        try number(name, "decimal-resolution", NumberParser.resolution)
    }

    func hexSequence(_ name: String) throws(PlaylistError) -> HexSequence? {
        guard let bytes = try unquoted(name, "hexadecimal-sequence") else { return nil }
        guard let value = NumberParser.hexSequence(bytes) else {
            throw error(.invalidAttribute, "\(name) is not a hexadecimal-sequence: \(Text.snippet(bytes))")
        }
        return value
    }

    func quotedString(_ name: String) throws(PlaylistError) -> String? {
        switch self[name] {
        case nil: return nil
        case .unquoted: throw error(.invalidAttribute, "\(name) must be a quoted-string")
        case .quoted(let bytes): return try decode(bytes, name)
        }
    }

    func enumeratedString(_ name: String) throws(PlaylistError) -> String? {
        guard let bytes = try unquoted(name, "enumerated-string") else { return nil }
        return try decode(bytes, name)
    }

    /// An enumerated-string that must be one of `T`'s raw values.
    func enumeration<T: RawRepresentable>(_ name: String, as type: T.Type) throws(PlaylistError) -> T?
    where T.RawValue == String {
        guard let text = try enumeratedString(name) else { return nil }
        guard let value = T(rawValue: text) else {
            throw error(.invalidAttribute, "\(name) has an unknown value \(text)")
        }
        return value
    }

    /// A `YES`/`NO` enumerated-string.
    func flag(_ name: String) throws(PlaylistError) -> Bool? {
        guard let bytes = try unquoted(name, "enumerated-string") else { return nil }
        if bytes.equals("YES") { return true }
        if bytes.equals("NO") { return false }
        throw error(.invalidAttribute, "\(name) must be YES or NO, not \(Text.snippet(bytes))")
    }

    /// A quoted-string holding `<n>[@<o>]`, as in EXT-X-MAP and EXT-X-PART.
    func byteRange(_ name: String) throws(PlaylistError) -> ByteRange? {
        guard case .quoted(let bytes)? = self[name] else {
            if self[name] != nil { throw error(.invalidAttribute, "\(name) must be a quoted-string") }
            return nil
        }
        do throws(NumberError) {
            return try NumberParser.byteRange(bytes)
        } catch {
            throw self.error(.invalidNumber, "\(name) is not a byte range <n>[@<o>]: \(Text.snippet(bytes))")
        }
    }

    /// Every attribute whose name starts with `X-`, as text.
    func clientAttributes() throws(PlaylistError) -> [String: String] {
        var result: [String: String] = [:]
        for entry in entries where entry.name.hasPrefix("X-") {
            switch entry.value {
            case .quoted(let bytes), .unquoted(let bytes):
                result[entry.name] = try decode(bytes, entry.name)
            }
        }
        return result
    }

    func decode(_ bytes: Bytes, _ name: String) throws(PlaylistError) -> String {
        guard let text = Text.decode(bytes) else {
            throw error(.invalidEncoding, "\(name) is not UTF-8 text without control characters")
        }
        return text
    }

    private func unquoted(_ name: String, _ typeName: String) throws(PlaylistError) -> Bytes? {
        switch self[name] {
        case nil: return nil
        case .quoted: throw error(.invalidAttribute, "\(name) must be a \(typeName), not a quoted-string")
        case .unquoted(let bytes): return bytes
        }
    }

    private func number<T>(
        _ name: String, _ typeName: String, _ parse: (Bytes) throws(NumberError) -> T
    ) throws(PlaylistError) -> T? {
        guard let bytes = try unquoted(name, typeName) else { return nil }
        do throws(NumberError) {
            return try parse(bytes)
        } catch {
            let problem = error == .outOfRange ? "is out of range" : "is not a \(typeName)"
            throw self.error(.invalidNumber, "\(name) \(problem): \(Text.snippet(bytes))")
        }
    }
}
