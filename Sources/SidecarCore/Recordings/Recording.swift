import Foundation

/// One recorded file in the index: where it is, whose publish it came from, what is in it,
/// and whether it can be played.
public struct Recording: Sendable, Equatable, Codable {
    /// Our id (20 lowercase base-32 characters).
    public var id: String
    /// The real (canonical) absolute path; unique in the index.
    public var path: String
    /// The recordings root `path` is in (canonical).
    public var root: String
    /// The media server's app (`live`).
    public var app: String
    /// The stream name the media server recorded: the room's liveId.
    public var liveId: String
    /// The room that streamed as `liveId` when the recording was indexed; nil when no room
    /// did (closed since, or never ours).
    public var roomId: String?
    public var owner: String?
    /// The publish session (`Publisher.sessionId`) the recording belongs to, when known.
    public var sessionId: String?
    /// The media server's client id of the publisher.
    public var clientId: String?
    public var startedAt: Date
    public var endedAt: Date
    /// Bytes, as of `checkedAt`.
    public var size: Int64
    /// The file's modification time, as of `checkedAt`.
    public var modifiedAt: Date
    public var media: RecordingMedia?
    public var status: RecordingStatus
    /// Why the recording is not `ready` (a stable code, see `RecordingProblem`).
    public var reason: String?
    /// The same, in words (FFmpeg's message included).
    public var detail: String?
    public var origin: RecordingOrigin
    /// The recording this one was made from (a repair or an MP4 remux).
    public var sourceId: String?
    public var indexedAt: Date
    /// When the file was last stat'ed and inspected.
    public var checkedAt: Date

    public init(
        id: String, path: String, root: String, app: String, liveId: String, roomId: String? = nil, owner: String? = nil,
        sessionId: String? = nil, clientId: String? = nil, startedAt: Date, endedAt: Date, size: Int64, modifiedAt: Date,
        media: RecordingMedia? = nil, status: RecordingStatus, reason: String? = nil, detail: String? = nil,
        origin: RecordingOrigin = .hook, sourceId: String? = nil, indexedAt: Date, checkedAt: Date
    ) {
        self.id = id
        self.path = path
        self.root = root
        self.app = app
        self.liveId = liveId
        self.roomId = roomId
        self.owner = owner
        self.sessionId = sessionId
        self.clientId = clientId
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.size = size
        self.modifiedAt = modifiedAt
        self.media = media
        self.status = status
        self.reason = reason
        self.detail = detail
        self.origin = origin
        self.sourceId = sourceId
        self.indexedAt = indexedAt
        self.checkedAt = checkedAt
    }

    /// The path below its root, e.g. `live/room1.1795374821255.flv`.
    public var relativePath: String { RecordingLocation(path: path, root: root).relativePath }
}

/// `ready`: readable, with its index; `corrupt`: it cannot be played as it is (see
/// `reason`); `missing`: the file was gone at the last check.
public enum RecordingStatus: String, Sendable, Codable, CaseIterable {
    case ready
    case corrupt
    case missing
}

/// How a recording entered the index.
public enum RecordingOrigin: String, Sendable, Codable, CaseIterable {
    /// The media server's end-of-recording hook (`on_dvr`, `on_record_done`).
    case hook
    /// Found under a root by an orphan scan.
    case adopted
    /// Written by a repair (a remux of a damaged file or a crash leftover).
    case repaired
    /// The MP4 (fast start) remux of an FLV recording, for web playback.
    case remuxed
}

/// What the media inspector found, kept with the recording: enough to list and filter
/// recordings and to tell a player what it will get.
public struct RecordingMedia: Sendable, Equatable, Codable {
    /// The demuxer's name (`flv`, `mov,mp4,m4a,3gp,3g2,mj2`, `mpegts`).
    public var format: String
    public var duration: Double?
    public var videoCodec: String?
    public var audioCodec: String?
    public var width: Int?
    public var height: Int?
    public var frameRate: Double?
    public var bitRate: Int?

    public init(
        format: String, duration: Double?, videoCodec: String?, audioCodec: String?, width: Int?, height: Int?,
        frameRate: Double?, bitRate: Int?
    ) {
        self.format = format
        self.duration = duration
        self.videoCodec = videoCodec
        self.audioCodec = audioCodec
        self.width = width
        self.height = height
        self.frameRate = frameRate
        self.bitRate = bitRate
    }
}
