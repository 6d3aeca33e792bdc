/// What an inspection found: container facts, one ``StreamInfo`` per stream, and the keyframe
/// analysis of the first video stream. Plain values, safe to keep, send and encode.
public struct MediaInfo: Sendable, Codable, Equatable {
    /// The demuxer's short name: "mpegts", "flv", "mov,mp4,m4a,3gp,3g2,mj2"...
    public var format: String
    /// Seconds from the earliest timestamp of any stream to the latest end. When the scan
    /// stopped early, the container's own duration if it declares one (MP4, FLV).
    public var duration: Double?
    /// The earliest timestamp of any stream, in seconds.
    public var startTime: Double?
    /// ``size`` × 8 / ``duration``.
    public var bitRate: Int?
    /// Bytes of input (for fMP4: init section + fragment).
    public var size: Int
    public var streams: [StreamInfo]
    /// nil when there is no video stream.
    public var video: VideoAnalysis?
    /// Some stream's decode timestamps went backwards or repeated.
    public var nonMonotonicTimestamps: Bool
    /// Every packet was read (``scanEnd`` == ``ScanEnd/endOfInput``).
    public var scanComplete: Bool
    public var scanEnd: ScanEnd
    /// FFmpeg's text when ``scanEnd`` is ``ScanEnd/readError``.
    public var scanError: String?
    /// Packets read, all streams together.
    public var packetCount: Int
    /// Packets the demuxer flagged as corrupt (e.g. a PES cut short at the end of a truncated
    /// segment, or a continuity-counter jump).
    public var corruptPacketCount: Int

    public init(
        format: String, duration: Double?, startTime: Double?, bitRate: Int?, size: Int,
        streams: [StreamInfo], video: VideoAnalysis?, nonMonotonicTimestamps: Bool,
        scanEnd: ScanEnd, scanError: String? = nil, packetCount: Int, corruptPacketCount: Int = 0
    ) {
        self.format = format
        self.duration = duration
        self.startTime = startTime
        self.bitRate = bitRate
        self.size = size
        self.streams = streams
        self.video = video
        self.nonMonotonicTimestamps = nonMonotonicTimestamps
        self.scanComplete = scanEnd == .endOfInput
        self.scanEnd = scanEnd
        self.scanError = scanError
        self.packetCount = packetCount
        self.corruptPacketCount = corruptPacketCount
    }
}

extension MediaInfo {
    public var firstVideoStream: StreamInfo? { streams.first { $0.type == .video } }
    public var firstAudioStream: StreamInfo? { streams.first { $0.type == .audio } }
    public var hasVideo: Bool { firstVideoStream != nil }
    public var hasAudio: Bool { firstAudioStream != nil }
}
