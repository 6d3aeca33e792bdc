import Foundation

/// Parses HLS playlists (RFC 8216, plus the Low-Latency HLS tags of RFC 8216bis).
///
/// Parsing is a single pass over the UTF-8 bytes, linear in the input, bounded by
/// ``Limits``; hostile input yields a ``PlaylistError``, never a trap. Parsing checks syntax
/// and structure only; ``PlaylistValidator`` checks the RFC's rules on the result.
public struct PlaylistParser: Sendable {
    public var limits: Limits

    public init(limits: Limits = .default) {
        self.limits = limits
    }

    /// Parses playlist bytes. This is the fast path: a `[UInt8]` is used without copying.
    ///
    /// - Parameter baseURL: the URL the playlist was loaded from; relative URIs are resolved
    ///   against it. Without one, only absolute URIs get a resolved form.
    public func parse(_ bytes: some Collection<UInt8>, baseURL: URL?) throws(PlaylistError) -> Playlist {
        guard bytes.count <= limits.maxBytes else { throw tooLarge(bytes.count) }
        let array = (bytes as? [UInt8]) ?? Array(bytes)
        return try parse(array[...], baseURL: baseURL)
    }

    /// Parses playlist text.
    public func parse(_ text: String, baseURL: URL?) throws(PlaylistError) -> Playlist {
        guard text.utf8.count <= limits.maxBytes else { throw tooLarge(text.utf8.count) }
        return try parse(Array(text.utf8)[...], baseURL: baseURL)
    }

    private func tooLarge(_ count: Int) -> PlaylistError {
        PlaylistError(
            code: .tooLarge, line: nil,
            message: "playlist is \(count) bytes, more than the limit of \(limits.maxBytes)")
    }

    private func parse(_ input: Bytes, baseURL: URL?) throws(PlaylistError) -> Playlist {
        var index = input.startIndex
        // RFC 8216 forbids a BOM, but editors add one and it cannot be mistaken for content.
        if input.count >= 3, input[index] == 0xEF, input[index + 1] == 0xBB, input[index + 2] == 0xBF {
            index += 3
        }
        var builder = PlaylistBuilder(
            limits: limits, resolver: baseURL.flatMap(URIResolver.init), inputSize: input.count)
        var lineNumber = 0
        var sawHeader = false
        let end = input.endIndex
        while index < end {
            lineNumber += 1
            let newline = input[index...].firstIndex(of: ASCII.lineFeed) ?? end
            guard newline - index <= limits.maxLineLength else {
                throw PlaylistError(
                    code: .lineTooLong, line: lineNumber,
                    message: "line is longer than the limit of \(limits.maxLineLength) bytes")
            }
            let line = input[index..<newline].trimmingSpace()
            index = newline + 1
            if line.isEmpty { continue }
            if !sawHeader {
                guard line.equals("#EXTM3U") else {
                    throw PlaylistError(
                        code: .missingHeader, line: lineNumber,
                        message: "a playlist must start with #EXTM3U, not \(Text.snippet(line))")
                }
                sawHeader = true
            } else if line.first != ASCII.hash {
                try builder.handleURILine(line, line: lineNumber, consumed: index - input.startIndex)
            } else if line.hasPrefix("#EXT") {
                try builder.handleTagLine(line, line: lineNumber)
            }  // Any other `#` line is a comment.
        }
        guard sawHeader else {
            throw PlaylistError(code: .missingHeader, line: nil, message: "empty playlist: no #EXTM3U")
        }
        return try builder.finish()
    }
}
