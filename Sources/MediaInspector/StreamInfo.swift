/// One elementary stream of the input, as values (nothing here points into FFmpeg).
public struct StreamInfo: Sendable, Codable, Equatable {
    public enum MediaType: String, Sendable, Codable {
        case video, audio, subtitle, data, attachment, unknown
    }

    /// The demuxer's stream index (in MPEG-TS the PMT order: SRS puts audio first).
    public var index: Int
    public var type: MediaType
    /// libavcodec's short codec name: "h264", "hevc", "aac", "mp3"...
    public var codec: String
    /// "High", "Main", "LC"...; nil when unknown.
    public var profile: String?
    /// Codec level as coded (H.264: 13 means level 1.3); nil when unknown.
    public var level: Int?
    public var width: Int?
    public var height: Int?
    /// Frames per second, from the packet timestamps (or the container when there are too few).
    public var frameRate: Double?
    /// "yuv420p", "yuv444p"...
    public var pixelFormat: String?
    public var sampleRate: Int?
    public var channels: Int?
    /// Bits per second from this stream's packet bytes over its duration.
    public var bitRate: Int?
    /// First timestamp in seconds (on the stream's own timeline; MPEG-TS rarely starts at 0).
    public var startTime: Double?
    /// From the first to the last timestamp plus the last packet's duration, in seconds.
    public var duration: Double?
    public var packetCount: Int

    public init(
        index: Int, type: MediaType, codec: String, profile: String? = nil, level: Int? = nil,
        width: Int? = nil, height: Int? = nil, frameRate: Double? = nil, pixelFormat: String? = nil,
        sampleRate: Int? = nil, channels: Int? = nil, bitRate: Int? = nil, startTime: Double? = nil,
        duration: Double? = nil, packetCount: Int = 0
    ) {
        self.index = index
        self.type = type
        self.codec = codec
        self.profile = profile
        self.level = level
        self.width = width
        self.height = height
        self.frameRate = frameRate
        self.pixelFormat = pixelFormat
        self.sampleRate = sampleRate
        self.channels = channels
        self.bitRate = bitRate
        self.startTime = startTime
        self.duration = duration
        self.packetCount = packetCount
    }
}
