/// A media playlist: a list of media segments.
public struct MediaPlaylist: Sendable, Equatable, Codable {
    public var version: Int?
    /// EXT-X-TARGETDURATION. Nil when absent, which ``PlaylistValidator`` reports as
    /// `missing_target_duration` rather than failing the parse, so a probe can still see the
    /// segments of a sloppy playlist.
    public var targetDuration: Int?
    public var mediaSequence: Int = 0
    public var discontinuitySequence: Int = 0
    public var playlistType: PlaylistType?
    public var hasEndList: Bool = false
    public var iFramesOnly: Bool = false
    public var independentSegments: Bool = false
    public var start: StartPoint?
    public var serverControl: ServerControl?
    public var partInf: PartInformation?
    public var preloadHints: [PreloadHint] = []
    public var renditionReports: [RenditionReport] = []
    public var skip: SkipInformation?
    public var defines: [VariableDefinition] = []
    public var segments: [MediaSegment] = []
    /// EXT-X-PART tags after the last segment: the segment being produced (LL-HLS).
    public var trailingParts: [PartialSegment] = []
    /// EXT-X-DATERANGE tags after the last segment.
    public var trailingDateRanges: [DateRange] = []
    public var unknownTags: [UnknownTag] = []
    /// The line that made this a media playlist (first media tag), when there was one.
    public var firstMediaTagLine: Int?

    public init() {}

    /// Sum of the EXTINF durations.
    public var totalDuration: Double { segments.reduce(0) { $0 + $1.duration } }

    public var lastSegment: MediaSegment? { segments.last }

    /// Media sequence number the next segment will have.
    public var nextSequenceNumber: Int {
        segments.last.map { $0.sequenceNumber &+ 1 } ?? mediaSequence &+ (skip?.skippedSegments ?? 0)
    }
}
