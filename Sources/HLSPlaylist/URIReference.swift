/// The five components of a URI reference (RFC 3986 section 3), split on UTF-8 bytes.
struct URIReference: Sendable {
    var scheme: Substring?
    var authority: Substring?
    var path: Substring
    var query: Substring?
    var fragment: Substring?

    init(_ text: Substring) {
        var rest = text
        if let hash = rest.utf8.firstIndex(of: UInt8(ascii: "#")) {
            fragment = rest[rest.utf8.index(after: hash)...]
            rest = rest[..<hash]
        }
        if let mark = rest.utf8.firstIndex(of: UInt8(ascii: "?")) {
            query = rest[rest.utf8.index(after: mark)...]
            rest = rest[..<mark]
        }
        if let colon = rest.utf8.firstIndex(of: ASCII.colon), Self.isScheme(rest[..<colon]) {
            scheme = rest[..<colon]
            rest = rest[rest.utf8.index(after: colon)...]
        }
        if rest.hasPrefix("//") {
            let afterSlashes = rest.dropFirst(2)
            let end = afterSlashes.utf8.firstIndex(of: UInt8(ascii: "/")) ?? afterSlashes.endIndex
            authority = afterSlashes[..<end]
            rest = afterSlashes[end...]
        }
        path = rest
    }

    private static func isScheme(_ text: Substring) -> Bool {
        guard let first = text.utf8.first, first.isASCIILetter else { return false }
        return text.utf8.allSatisfy(\.isSchemeByte)
    }

    /// Whether the reference is absolute, checked on bytes without splitting it.
    static func startsWithScheme(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = bytes.first, first.isASCIILetter else { return false }
        for byte in bytes.dropFirst() where !byte.isSchemeByte {
            return byte == ASCII.colon
        }
        return false
    }

    /// RFC 3986 section 5.2.4. Each step consumes input, so it is linear in the path length.
    static func removeDotSegments(_ path: Substring) -> String {
        var input = path
        var output = ""
        func dropLastSegment() {
            if let slash = output.utf8.lastIndex(of: UInt8(ascii: "/")) {
                output.removeSubrange(slash...)
            } else {
                output = ""
            }
        }
        while !input.isEmpty {
            if input.hasPrefix("../") {
                input = input.dropFirst(3)
            } else if input.hasPrefix("./") || input.hasPrefix("/./") {
                input = input.dropFirst(2)
            } else if input == "/." {
                input = "/"
            } else if input.hasPrefix("/../") {
                input = input.dropFirst(3)
                dropLastSegment()
            } else if input == "/.." {
                input = "/"
                dropLastSegment()
            } else if input == "." || input == ".." {
                input = ""
            } else {
                let searchStart = input.utf8.first == UInt8(ascii: "/")
                    ? input.utf8.index(after: input.startIndex) : input.startIndex
                let end = input.utf8[searchStart...].firstIndex(of: UInt8(ascii: "/"))
                    ?? input.endIndex
                output += input[..<end]
                input = input[end...]
            }
        }
        return output
    }
}

extension UInt8 {
    fileprivate var isASCIILetter: Bool { (self | 0x20) &- UInt8(ascii: "a") < 26 }

    fileprivate var isSchemeByte: Bool {
        isASCIILetter || ASCII.isDigit(self) || self == UInt8(ascii: "+") || self == ASCII.minus
            || self == ASCII.dot
    }
}
