import Foundation

/// Resolves URI references against the playlist URL (RFC 3986 section 5.2), as strings.
///
/// `URL(string:relativeTo:)` costs microseconds per call, more than parsing a whole segment,
/// so references are resolved by string surgery and `URL` values are built only on demand.
/// Queries are kept: SRS's `sample-0.ts?hls_ctx=x` against
/// `http://h/live/sample.m3u8?hls_ctx=x` gives `http://h/live/sample-0.ts?hls_ctx=x`.
struct URIResolver: Sendable {
    private let base: URIReference
    private let scheme: Substring
    /// Scheme, authority and the base path up to its last `/`: the result for a plain
    /// relative path is this plus the reference.
    private let directoryPrefix: [UInt8]
    /// Whether the base path needs `remove_dot_segments`, which the plain fast path skips.
    private let baseHasDotSegments: Bool

    /// Nil when the base URL is itself relative: relative references cannot be resolved.
    init?(baseURL: URL) {
        let base = URIReference(baseURL.absoluteString[...])
        guard let scheme = base.scheme else { return nil }
        self.base = base
        self.scheme = scheme
        var prefix = String(scheme) + ":"
        if let authority = base.authority { prefix += "//" + authority }
        prefix += Self.directory(of: base)
        directoryPrefix = Array(prefix.utf8)
        baseHasDotSegments = Self.hasDotSegment(base.path.utf8)
    }

    /// The absolute form of `reference`; the reference itself when it is absolute and no base
    /// is known; nil when it is relative and no base is known.
    static func resolve(_ reference: String, with resolver: URIResolver?) -> String? {
        if let resolver { return resolver.resolve(reference) }
        var reference = reference
        return reference.withUTF8(URIReference.startsWithScheme) ? reference : nil
    }

    func resolve(_ reference: String) -> String {
        var reference = reference
        let plain: String? = reference.withUTF8 { bytes in
            guard isPlainRelativePath(bytes) else { return nil }
            // One allocation and two copies: this runs once per segment.
            return String(unsafeUninitializedCapacity: directoryPrefix.count + bytes.count) { buffer in
                let prefixEnd = buffer.initialize(fromContentsOf: directoryPrefix)
                return buffer[prefixEnd...].initialize(fromContentsOf: bytes)
            }
        }
        if let plain { return plain }
        let ref = URIReference(reference[...])
        var authority = base.authority
        var path: String
        var query = ref.query
        if let scheme = ref.scheme {
            if !Self.hasDotSegment(ref.path.utf8) { return reference }
            return Self.compose(
                scheme: scheme, authority: ref.authority,
                path: URIReference.removeDotSegments(ref.path), query: ref.query, fragment: ref.fragment)
        } else if let refAuthority = ref.authority {
            authority = refAuthority
            path = URIReference.removeDotSegments(ref.path)
        } else if ref.path.isEmpty {
            path = String(base.path)
            query = ref.query ?? base.query
        } else if ref.path.utf8.first == UInt8(ascii: "/") {
            path = URIReference.removeDotSegments(ref.path)
        } else {
            path = URIReference.removeDotSegments((Self.directory(of: base) + ref.path)[...])
        }
        return Self.compose(
            scheme: scheme, authority: authority, path: path, query: query, fragment: ref.fragment)
    }

    /// A relative path without dot segments: the common case, resolved by concatenation.
    private func isPlainRelativePath(_ reference: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !baseHasDotSegments, let first = reference.first else { return false }
        if first == UInt8(ascii: "/") || first == UInt8(ascii: "?") || first == UInt8(ascii: "#") {
            return false
        }
        var segmentLength = 0
        var dotsInSegment = 0
        for byte in reference {
            switch byte {
            // A colon before any `/`, `?` or `#` may start a scheme; leave it to the full path.
            case ASCII.colon: return false
            case UInt8(ascii: "?"), UInt8(ascii: "#"), UInt8(ascii: "/"):
                if segmentLength > 0, segmentLength == dotsInSegment, segmentLength <= 2 {
                    return false
                }
                if byte != UInt8(ascii: "/") { return true }
                segmentLength = 0
                dotsInSegment = 0
            case ASCII.dot:
                segmentLength += 1
                dotsInSegment += 1
            default:
                segmentLength += 1
            }
        }
        return !(segmentLength > 0 && segmentLength == dotsInSegment && segmentLength <= 2)
    }

    /// The base path up to and including its last `/` (RFC 3986 section 5.2.3, "merge").
    private static func directory(of base: URIReference) -> String {
        if base.authority != nil, base.path.isEmpty { return "/" }
        guard let slash = base.path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return "" }
        return String(base.path[...slash])
    }

    private static func hasDotSegment(_ path: Substring.UTF8View) -> Bool {
        var segmentLength = 0
        var dots = 0
        for byte in path {
            if byte == UInt8(ascii: "/") {
                if segmentLength > 0, segmentLength == dots, segmentLength <= 2 { return true }
                segmentLength = 0
                dots = 0
            } else {
                segmentLength += 1
                if byte == ASCII.dot { dots += 1 }
            }
        }
        return segmentLength > 0 && segmentLength == dots && segmentLength <= 2
    }

    private static func compose(
        scheme: Substring, authority: Substring?, path: String, query: Substring?,
        fragment: Substring?
    ) -> String {
        var result = String(scheme) + ":"
        if let authority { result += "//" + authority }
        result += path
        if let query { result += "?" + query }
        if let fragment { result += "#" + fragment }
        return result
    }
}
