/// What a readiness probe checks and how patiently.
///
/// The defaults are the platform's historic client rule (3 tries, 3 s apart) with the
/// minimum a player needs to start: one complete segment that begins with a decodable
/// keyframe. RFC 8216 (6.3.3) says a client should not start a live playlist closer than
/// three target durations from its end, so `minSegments = 3` is the conservative choice for
/// players that follow it strictly (hls.js and AVPlayer do start on fewer).
public struct ProbeOptions: Sendable, Equatable {
    /// How many times the playlist is checked before the verdict is "not ready".
    public var attempts: Int = 3
    /// The pause between two attempts.
    public var interval: Duration = .seconds(3)
    /// The fewest complete segments the media playlist must list.
    public var minSegments: Int = 1
    /// Accept a stream without video (a radio-style stream).
    public var allowAudioOnly: Bool = false
    /// Accept a playlist that has ended (`EXT-X-ENDLIST` or `PLAYLIST-TYPE:VOD`).
    /// A live room whose playlist ended is not playable as live, so this is off by default.
    public var allowEnded: Bool = false
    /// A live playlist unchanged for longer than this many target durations is stale.
    public var staleFactor: Double = 1.5
    /// At most this many variants of a master playlist are checked (all must be ready).
    public var maxVariants: Int = 8
    /// Byte cap for one playlist.
    public var maxPlaylistBytes: Int = 4 << 20
    /// Byte cap for one segment (and its initialization section).
    public var maxSegmentBytes: Int = 64 << 20

    public init(
        attempts: Int = 3,
        interval: Duration = .seconds(3),
        minSegments: Int = 1,
        allowAudioOnly: Bool = false,
        allowEnded: Bool = false
    ) {
        self.attempts = max(1, attempts)
        self.interval = max(.zero, interval)
        self.minSegments = max(0, minSegments)
        self.allowAudioOnly = allowAudioOnly
        self.allowEnded = allowEnded
    }
}
