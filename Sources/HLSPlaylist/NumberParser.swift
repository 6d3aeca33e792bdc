// Checked number parsing for the attribute types of RFC 8216 section 4.2. Hostile input must
// produce an error, never an overflow trap, so every accumulation is overflow-checked.

enum NumberError: Error {
    case syntax
    case outOfRange
}

enum NumberParser {
    /// decimal-integer: `[0-9]+`, in 0...Int.max (RFC allows up to 2^64-1; larger than Int is
    /// reported as out of range).
    static func decimalInteger(_ bytes: Bytes) throws(NumberError) -> Int {
        guard !bytes.isEmpty else { throw .syntax }
        var value = 0
        for byte in bytes {
            guard ASCII.isDigit(byte) else { throw .syntax }
            let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(Int(byte &- 0x30))
            if overflow1 || overflow2 { throw .outOfRange }
            value = sum
        }
        return value
    }

    /// decimal-floating-point: digits with at most one `.`, finite. No sign and no exponent,
    /// as RFC 8216 section 4.2 defines it.
    static func decimalFloat(_ bytes: Bytes) throws(NumberError) -> Double {
        var sawDot = false
        var sawDigit = false
        for byte in bytes {
            if ASCII.isDigit(byte) {
                sawDigit = true
            } else {
                guard byte == ASCII.dot, !sawDot else { throw .syntax }
                sawDot = true
            }
        }
        guard sawDigit else { throw .syntax }
        if let value = exactDecimal(bytes) { return value }
        // The grammar check above keeps `inf`, `nan` and hex floats away from Double's parser.
        guard let value = Double(String(decoding: bytes, as: UTF8.self)) else { throw .syntax }
        guard value.isFinite else { throw .outOfRange }
        return value
    }

    /// Clinger's fast path: with at most 15 significant digits and 22 fraction digits, the
    /// mantissa and the power of ten are exact doubles, so one division rounds correctly.
    /// Covers every duration seen in practice without a trip through `strtod`.
    private static func exactDecimal(_ bytes: Bytes) -> Double? {
        // 15 digits stay below 2^53; the dot makes 16 bytes.
        guard bytes.count <= 15 || (bytes.count == 16 && bytes.contains(ASCII.dot)) else {
            return nil
        }
        var mantissa = 0
        var fractionDigits = 0
        var inFraction = false
        for byte in bytes {
            if byte == ASCII.dot {
                inFraction = true
            } else {
                mantissa = mantissa * 10 + Int(byte &- 0x30)
                if inFraction { fractionDigits += 1 }
            }
        }
        return Double(mantissa) / powersOfTen[fractionDigits]
    }

    private static let powersOfTen: [Double] = (0...22).map { exponent in
        (0..<exponent).reduce(1.0) { value, _ in value * 10 }
    }

    /// signed-decimal-floating-point: an optional `-` then a decimal-floating-point.
    static func signedDecimalFloat(_ bytes: Bytes) throws(NumberError) -> Double {
        if bytes.first == ASCII.minus {
            return -(try decimalFloat(bytes.dropFirst()))
        }
        return try decimalFloat(bytes)
    }

    /// hexadecimal-sequence: `0x` or `0X` then hex digits (either case, leniently).
    static func hexSequence(_ bytes: Bytes) -> HexSequence? {
        guard bytes.count > 2, bytes.hasPrefix("0x") || bytes.hasPrefix("0X") else { return nil }
        let digits = bytes.dropFirst(2)
        var result: [UInt8] = []
        result.reserveCapacity((digits.count + 1) / 2)
        // An odd count means the first byte holds a single nibble.
        var pending: UInt8? = digits.count % 2 == 1 ? 0 : nil
        for byte in digits {
            guard let nibble = hexValue(byte) else { return nil }
            if let high = pending {
                result.append(high << 4 | nibble)
                pending = nil
            } else {
                pending = nibble
            }
        }
        return HexSequence(bytes: result)
    }

    /// decimal-resolution: `<width>x<height>`.
    static func resolution(_ bytes: Bytes) throws(NumberError) -> Resolution {
        guard let x = bytes.firstIndex(of: UInt8(ascii: "x")) else { throw .syntax }
        let width = try decimalInteger(bytes[..<x])
        let height = try decimalInteger(bytes[(x + 1)...])
        return Resolution(width: width, height: height)
    }

    /// `<n>[@<o>]`, the value of EXT-X-BYTERANGE and of BYTERANGE attributes.
    static func byteRange(_ bytes: Bytes) throws(NumberError) -> ByteRange {
        guard let at = bytes.firstIndex(of: ASCII.at) else {
            return ByteRange(length: try decimalInteger(bytes), offset: nil)
        }
        let length = try decimalInteger(bytes[..<at])
        let offset = try decimalInteger(bytes[(at + 1)...])
        return ByteRange(length: length, offset: offset)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}
