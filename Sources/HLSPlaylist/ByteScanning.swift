// Byte-level helpers. The parser works on UTF-8 bytes rather than `String` because per-line
// String operations (Character iteration, `components(separatedBy:)`) would dominate the
// cost of parsing a large playlist.

typealias Bytes = ArraySlice<UInt8>

enum ASCII {
    static let lineFeed = UInt8(ascii: "\n")
    static let carriageReturn = UInt8(ascii: "\r")
    static let space = UInt8(ascii: " ")
    static let tab = UInt8(ascii: "\t")
    static let hash = UInt8(ascii: "#")
    static let colon = UInt8(ascii: ":")
    static let comma = UInt8(ascii: ",")
    static let equals = UInt8(ascii: "=")
    static let quote = UInt8(ascii: "\"")
    static let at = UInt8(ascii: "@")
    static let minus = UInt8(ascii: "-")
    static let dot = UInt8(ascii: ".")

    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }

    /// Space, tab and CR; a CR left at the end of a line by CRLF is trimmed like a space.
    @inline(__always)
    static func isSpace(_ byte: UInt8) -> Bool {
        byte == space || byte == tab || byte == carriageReturn
    }
}

extension ArraySlice where Element == UInt8 {
    func trimmingSpace() -> ArraySlice<UInt8> {
        var start = startIndex
        var end = endIndex
        while start < end, ASCII.isSpace(self[start]) { start += 1 }
        while end > start, ASCII.isSpace(self[end - 1]) { end -= 1 }
        return self[start..<end]
    }

    func trimmingLeadingSpace() -> ArraySlice<UInt8> {
        var start = startIndex
        while start < endIndex, ASCII.isSpace(self[start]) { start += 1 }
        return self[start...]
    }

    func hasPrefix(_ prefix: StaticString) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard self.count >= count else { return false }
        return prefix.withUTF8Buffer { buffer in
            var index = startIndex
            for byte in buffer {
                if self[index] != byte { return false }
                index += 1
            }
            return true
        }
    }

    func equals(_ text: StaticString) -> Bool {
        count == text.utf8CodeUnitCount && hasPrefix(text)
    }
}

enum Text {
    /// Decodes bytes that will become part of the model: they must be UTF-8 without control
    /// characters other than tab (RFC 8216 section 4.1). Nil when they are not.
    static func decode(_ bytes: Bytes) -> String? {
        var ascii = true
        for byte in bytes {
            if (byte < 0x20 && byte != ASCII.tab) || byte == 0x7F { return nil }
            if byte >= 0x80 { ascii = false }
        }
        let text = String(decoding: bytes, as: UTF8.self)
        // Decoding repairs invalid UTF-8 with U+FFFD, so the text differs from the bytes
        // exactly when they were invalid. (`String(validating:)` is not specialized for
        // slices and costs several times more.)
        return ascii || text.utf8.elementsEqual(bytes) ? text : nil
    }

    /// A short, printable rendering of untrusted bytes for error messages.
    static func snippet(_ bytes: Bytes, limit: Int = 40) -> String {
        let truncated = bytes.count > limit
        let shown = bytes.prefix(limit).map { byte -> UInt8 in
            (byte < 0x20 || byte == 0x7F) ? UInt8(ascii: "?") : byte
        }
        let text = String(decoding: shown, as: UTF8.self)
        return "'" + text + (truncated ? "…'" : "'")
    }
}
