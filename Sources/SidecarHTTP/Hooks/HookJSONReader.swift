/// A forward-only reader of JSON (RFC 8259) over a body's bytes, for `SRSHookPayload.parse`.
/// It validates everything it passes over, strings' UTF-8 included, and bounds nesting so
/// that a hostile body costs at most its length.
struct HookJSONReader {
    private let bytes: UnsafeRawBufferPointer
    var index = 0
    /// Deeper than this is refused (JSONDecoder's own limit is 512).
    static let maximumDepth = 512

    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    var atEnd: Bool { index >= bytes.count }
    /// The current byte, or 0 at the end (never valid JSON where a byte is expected).
    var peek: UInt8 { index < bytes.count ? bytes[index] : 0 }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    mutating func expect(_ byte: UInt8) throws(HookBodyError) {
        guard peek == byte else { throw .malformed }
        index += 1
    }

    mutating func literal(_ word: StaticString) throws(HookBodyError) {
        let length = word.utf8CodeUnitCount
        guard index + length <= bytes.count,
              UnsafeRawBufferPointer(start: word.utf8Start, count: length).elementsEqual(bytes[index..<(index + length)])
        else { throw .malformed }
        index += length
    }

    /// An object member's key and its colon: the key's bytes, unescaped, handed to `use` (the
    /// body's own bytes when it has no escapes, as keys usually do, else a decoded copy).
    mutating func key<T>(_ use: (UnsafeRawBufferPointer) -> T) throws(HookBodyError) -> T {
        let (range, escaped) = try stringRange()
        let value = escaped ? try unescaped(range).withUnsafeBytes { use($0) } : use(UnsafeRawBufferPointer(rebasing: bytes[range]))
        try colon()
        return value
    }

    private mutating func colon() throws(HookBodyError) {
        skipWhitespace()
        try expect(UInt8(ascii: ":"))
        skipWhitespace()
    }

    /// After an object's member or an array's element: whether another follows before
    /// `close`, past the comma between them. JSONDecoder accepts a trailing comma, so a comma
    /// right before `close` is passed over too.
    mutating func another(before close: UInt8) -> Bool {
        skipWhitespace()
        guard peek == UInt8(ascii: ",") else { return false }
        index += 1
        skipWhitespace()
        return peek != close
    }

    mutating func stringValue() throws(HookBodyError) -> String {
        let (range, escaped) = try stringRange()
        if !escaped { return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self) }
        return String(decoding: try unescaped(range), as: UTF8.self)
    }

    /// A number's text, checked against JSON's grammar.
    mutating func number() throws(HookBodyError) -> Substring {
        let start = index
        if peek == UInt8(ascii: "-") { index += 1 }
        if peek == UInt8(ascii: "0") {
            index += 1
        } else {
            guard isDigit(peek) else { throw .malformed }
            while isDigit(peek) { index += 1 }
        }
        if peek == UInt8(ascii: ".") {
            index += 1
            guard isDigit(peek) else { throw .malformed }
            while isDigit(peek) { index += 1 }
        }
        if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
            index += 1
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { index += 1 }
            guard isDigit(peek) else { throw .malformed }
            while isDigit(peek) { index += 1 }
        }
        return Substring(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
    }

    /// Passes over one value of any kind, checking it. `depth`: the containers around it.
    mutating func skipValue(depth: Int) throws(HookBodyError) {
        switch peek {
        case UInt8(ascii: "\""): _ = try stringRange()
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): _ = try number()
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            guard depth < Self.maximumDepth else { throw .malformed }
            let object = peek == UInt8(ascii: "{")
            let close = object ? UInt8(ascii: "}") : UInt8(ascii: "]")
            index += 1
            skipWhitespace()
            if peek != close {
                repeat {
                    if object {
                        _ = try stringRange()  // checked, not decoded: nothing reads it
                        try colon()
                    }
                    try skipValue(depth: depth + 1)
                } while another(before: close)
            }
            try expect(close)
        default: throw .malformed
        }
    }

    /// Passes over a string (at its opening quote): the range of its contents, and whether
    /// they hold escapes. Checks escapes, control characters and UTF-8.
    private mutating func stringRange() throws(HookBodyError) -> (Range<Int>, escaped: Bool) {
        try expect(UInt8(ascii: "\""))
        let start = index
        var escaped = false
        var ascii = true
        while true {
            guard index < bytes.count else { throw .malformed }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") { break }
            if byte < 0x20 { throw .malformed }
            if byte >= 0x80 { ascii = false }
            if byte == UInt8(ascii: "\\") {
                escaped = true
                index += 1
                switch peek {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                     UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    break
                case UInt8(ascii: "u"):
                    guard index + 4 < bytes.count, (1...4).allSatisfy({ hexValue(bytes[index + $0]) != nil }) else { throw .malformed }
                    index += 4
                default: throw .malformed
                }
            }
            index += 1
        }
        let range = start..<index
        index += 1
        if !ascii && String(validating: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self) == nil {
            throw .malformed
        }
        return (range, escaped)
    }

    /// A checked string's contents with escapes decoded, as UTF-8. A `\u` escape of half a
    /// surrogate pair without its other half is an error, as it is for JSONDecoder.
    private func unescaped(_ range: Range<Int>) throws(HookBodyError) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(range.count)
        var at = range.lowerBound
        func hex4(_ from: Int) -> UInt32 {
            (0..<4).reduce(UInt32(0)) { $0 << 4 | UInt32(hexValue(bytes[from + $1])!) }
        }
        while at < range.upperBound {
            let byte = bytes[at]
            at += 1
            guard byte == UInt8(ascii: "\\") else {
                output.append(byte)
                continue
            }
            let kind = bytes[at]
            at += 1
            switch kind {
            case UInt8(ascii: "b"): output.append(0x08)
            case UInt8(ascii: "f"): output.append(0x0C)
            case UInt8(ascii: "n"): output.append(0x0A)
            case UInt8(ascii: "r"): output.append(0x0D)
            case UInt8(ascii: "t"): output.append(0x09)
            case UInt8(ascii: "u"):
                var value = hex4(at)
                at += 4
                if (0xD800...0xDBFF).contains(value) {
                    guard at + 6 <= range.upperBound, bytes[at] == UInt8(ascii: "\\"), bytes[at + 1] == UInt8(ascii: "u") else { throw .malformed }
                    let low = hex4(at + 2)
                    guard (0xDC00...0xDFFF).contains(low) else { throw .malformed }
                    value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
                    at += 6
                } else if (0xDC00...0xDFFF).contains(value) {
                    throw .malformed
                }
                guard let scalar = Unicode.Scalar(value) else { throw .malformed }
                output.append(contentsOf: UTF8.encode(scalar)!)
            default: output.append(kind)  // " \ /
            }
        }
        return output
    }
}

private func isDigit(_ byte: UInt8) -> Bool {
    byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
}

private func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
    default: nil
    }
}
