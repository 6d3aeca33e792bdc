/// A JSON string literal (RFC 8259 section 7) for the few answers built without an encoder.
public enum JSONString {
    /// `value` in double quotes, with `"`, `\` and control characters escaped. Everything
    /// else, non-ASCII included, is valid as is in UTF-8 JSON.
    public static func quoted(_ value: String) -> String {
        // Most answers (fixed reasons, ids) need no escape: one scan, one concatenation.
        if !value.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            return "\"" + value + "\""
        }
        var out = "\""
        out.reserveCapacity(value.utf8.count + 2)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
