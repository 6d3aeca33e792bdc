import Foundation

/// One media segment: its EXTINF, its URI and the tags that apply to it.
public struct MediaSegment: Sendable, Equatable, Codable {
    /// The URI exactly as written in the playlist.
    public var uri: String
    /// ``uri`` resolved against the playlist URL (RFC 3986), or nil when there was no base
    /// URL to resolve a relative URI against.
    public var resolvedURI: String?
    /// EXTINF duration in seconds.
    public var duration: Double
    /// EXTINF title, leading whitespace trimmed; nil when empty.
    public var title: String?
    /// EXT-X-MEDIA-SEQUENCE plus this segment's position, counting EXT-X-SKIP'ed segments.
    public var sequenceNumber: Int
    /// EXT-X-DISCONTINUITY-SEQUENCE plus the discontinuities up to and including this one.
    public var discontinuitySequence: Int
    /// Whether EXT-X-DISCONTINUITY precedes this segment.
    public var discontinuity: Bool
    public var byteRange: ByteRange?
    /// Every EXT-X-KEY in effect, one per KEYFORMAT; empty when unencrypted.
    public var keys: [EncryptionKey]
    /// The EXT-X-MAP in effect.
    public var map: InitializationSection?
    public var programDateTime: Date?
    /// EXT-X-DATERANGE tags written between the previous segment and this one.
    public var dateRanges: [DateRange]
    /// EXT-X-GAP: the segment is missing and must not be loaded.
    public var gap: Bool
    /// EXT-X-BITRATE in effect, in kbit/s.
    public var bitrate: Int?
    /// EXT-X-PART tags of this segment (LL-HLS).
    public var parts: [PartialSegment]
    /// The line of the EXTINF tag.
    public var line: Int

    /// ``resolvedURI`` as a URL; nil when unresolved or unparseable.
    ///
    /// Computed on demand: building a `URL` costs about as much as parsing the whole segment,
    /// and most callers look at only a few segments.
    public var url: URL? { resolvedURI.flatMap { URL(string: $0) } }

    /// The first key in effect, which is the only one for most playlists.
    public var key: EncryptionKey? { keys.first }
}

/// One EXT-X-PART: a partial segment (LL-HLS).
public struct PartialSegment: Sendable, Equatable, Codable {
    public var uri: String
    public var resolvedURI: String?
    public var duration: Double
    public var independent: Bool
    public var byteRange: ByteRange?
    public var gap: Bool
    public var line: Int

    public var url: URL? { resolvedURI.flatMap { URL(string: $0) } }
}
