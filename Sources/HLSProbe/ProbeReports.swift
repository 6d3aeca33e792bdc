/// One HTTP fetch made by a probe attempt, with its timings (seconds).
public struct FetchReport: Sendable, Codable, Equatable {
    public enum Resource: String, Sendable, Codable {
        case playlist
        case mediaPlaylist = "media_playlist"
        case initSection = "init_section"
        case segment
    }

    public var resource: Resource
    public var url: String
    /// HTTP status, nil when no response arrived.
    public var status: Int?
    public var bytes: Int?
    public var connect: Double?
    public var firstByte: Double?
    public var total: Double?
    /// Whether an existing connection was reused.
    public var reusedConnection: Bool?
    /// The transport error, when there was no response.
    public var error: String?
}

/// What the probe saw in a media playlist.
public struct PlaylistSummary: Sendable, Codable, Equatable {
    public var url: String
    public var version: Int?
    public var targetDuration: Int?
    public var mediaSequence: Int
    public var segmentCount: Int
    /// Sum of the EXTINF durations, in seconds.
    public var totalDuration: Double
    public var ended: Bool
    /// Seconds the playlist has been seen unchanged (history or Last-Modified), when known.
    public var unchangedFor: Double?
}

/// The newest segment of a media playlist and what inspecting it found.
public struct SegmentReport: Sendable, Codable, Equatable {
    public var uri: String
    public var url: String
    public var sequenceNumber: Int
    /// EXTINF duration, in seconds.
    public var duration: Double
    public var bytes: Int
    public var startsWithKeyframe: Bool
    /// Whether the first keyframe decoded; nil when it was not tried (no video).
    public var decodes: Bool?
    public var video: VideoSummary?
    public var audio: AudioSummary?
    /// Everything the inspector read.
    public var media: MediaInfo
}

/// The first video stream, flattened for quick reading.
public struct VideoSummary: Sendable, Codable, Equatable {
    public var codec: String
    public var profile: String?
    public var level: Int?
    public var width: Int?
    public var height: Int?
    public var frameRate: Double?
    public var pixelFormat: String?
}

/// The first audio stream, flattened for quick reading.
public struct AudioSummary: Sendable, Codable, Equatable {
    public var codec: String
    public var sampleRate: Int?
    public var channels: Int?
}
