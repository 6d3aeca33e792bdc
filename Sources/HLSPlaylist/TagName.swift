/// The tags this parser knows, with the playlist kind each one implies.
enum TagName: String {
    // Media segment tags first: EXTINF is by far the most frequent tag, and the synthesized
    // `init(rawValue:)` compares cases in order.
    case extinf = "EXTINF"
    case programDateTime = "EXT-X-PROGRAM-DATE-TIME"
    case part = "EXT-X-PART"
    case byteRange = "EXT-X-BYTERANGE"
    case discontinuity = "EXT-X-DISCONTINUITY"
    case key = "EXT-X-KEY"
    case map = "EXT-X-MAP"
    case dateRange = "EXT-X-DATERANGE"
    case gap = "EXT-X-GAP"
    case bitrate = "EXT-X-BITRATE"

    case extm3u = "EXTM3U"
    case version = "EXT-X-VERSION"
    case independentSegments = "EXT-X-INDEPENDENT-SEGMENTS"
    case start = "EXT-X-START"
    case define = "EXT-X-DEFINE"

    case targetDuration = "EXT-X-TARGETDURATION"
    case mediaSequence = "EXT-X-MEDIA-SEQUENCE"
    case discontinuitySequence = "EXT-X-DISCONTINUITY-SEQUENCE"
    case endList = "EXT-X-ENDLIST"
    case playlistType = "EXT-X-PLAYLIST-TYPE"
    case iFramesOnly = "EXT-X-I-FRAMES-ONLY"
    case serverControl = "EXT-X-SERVER-CONTROL"
    case partInf = "EXT-X-PART-INF"
    case preloadHint = "EXT-X-PRELOAD-HINT"
    case renditionReport = "EXT-X-RENDITION-REPORT"
    case skip = "EXT-X-SKIP"

    case media = "EXT-X-MEDIA"
    case streamInf = "EXT-X-STREAM-INF"
    case iFrameStreamInf = "EXT-X-I-FRAME-STREAM-INF"
    case sessionData = "EXT-X-SESSION-DATA"
    case sessionKey = "EXT-X-SESSION-KEY"
    case contentSteering = "EXT-X-CONTENT-STEERING"

    enum Scope {
        case media, master, either
    }

    var scope: Scope {
        switch self {
        case .extm3u, .version, .independentSegments, .start, .define: .either
        case .media, .streamInf, .iFrameStreamInf, .sessionData, .sessionKey, .contentSteering:
            .master
        default: .media
        }
    }

    /// Tags RFC 8216 allows at most once per playlist. Repeating a flag tag such as
    /// EXT-X-ENDLIST is harmless, so only tags with values are listed.
    var mayAppearOnlyOnce: Bool {
        switch self {
        case .version, .targetDuration, .mediaSequence, .discontinuitySequence, .playlistType,
            .start, .serverControl, .partInf, .skip, .contentSteering:
            true
        default: false
        }
    }
}
