import Foundation

/// A room as the platform API shows it. Addresses for viewers never contain a key.
public struct RoomView: Sendable, Codable, Equatable {
    /// What viewers should play: the host's own stream, or a connection's mix while it is
    /// active (playable). Changes are announced with `room.playback_changed`.
    public struct Playback: Sendable, Codable, Equatable {
        public var hls: String
        public var flv: String
        public var source: PlaybackSource
        public var liveId: String
    }

    public struct PublisherView: Sendable, Codable, Equatable {
        public var clientId: String
        public var ip: String
        public var since: Date
    }

    public var roomId: String
    public var owner: String
    public var liveId: String
    public var status: RoomStatus
    public var statusSince: Date
    public var playable: Bool
    public var playableSince: Date?
    public var publisher: PublisherView?
    public var viewers: Int
    public var playback: Playback
    public var isPrivate: Bool
    public var suspension: Suspension?
    public var createdAt: Date
    /// Only in answers that create a room or rotate its key (and an idempotent re-create).
    public var streamKey: String?
    public var publishURL: String?

    init(_ room: Room, viewers: Int, media: MediaSettings, streamKey: String? = nil, mixLiveId: String? = nil) {
        roomId = room.id
        owner = room.owner
        liveId = room.liveId
        status = room.status
        statusSince = room.statusSince
        playable = room.playable
        playableSince = room.playableSince
        publisher = room.publisher.map { PublisherView(clientId: $0.clientId, ip: $0.ip, since: $0.since) }
        self.viewers = viewers
        let shown = mixLiveId ?? room.liveId
        playback = Playback(
            hls: media.hlsURL(liveId: shown), flv: media.flvURL(liveId: shown), source: mixLiveId == nil ? .host : .mix,
            liveId: shown)
        isPrivate = room.isPrivate
        suspension = room.suspension
        createdAt = room.createdAt
        self.streamKey = streamKey
        publishURL = streamKey.map { media.publishURL(liveId: room.liveId, key: $0) }
    }
}

/// One page of rooms and the cursor of the next page (nil on the last page).
public struct RoomPage: Sendable, Codable, Equatable {
    public var rooms: [RoomView]
    public var nextCursor: String?
}

/// What closing a room did.
public struct CloseOutcome: Sendable, Codable, Equatable {
    public var roomId: String
    /// Whether a live publisher was disconnected (false: none, or the media server refused).
    public var kicked: Bool
    public var kickError: String?
}
