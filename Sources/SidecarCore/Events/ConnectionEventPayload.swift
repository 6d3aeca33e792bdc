import Foundation

/// The payload of `connection.*` events: the connection after the change (no credentials).
public struct ConnectionEventPayload: Sendable, Codable, Equatable {
    public var connectionId: String
    public var roomId: String
    public var guest: String
    public var state: String
    public var reason: String
    public var guestLiveId: String
    public var mixLiveId: String

    public init(_ connection: Connection) {
        connectionId = connection.id
        roomId = connection.roomId
        guest = connection.guest
        state = connection.state.rawValue
        reason = connection.reason
        guestLiveId = connection.guestLiveId
        mixLiveId = connection.mixLiveId
    }
}

/// `room.playback_changed`: what the room's viewers should play now.
public struct PlaybackEventPayload: Sendable, Codable, Equatable {
    public var roomId: String
    /// `host` or `mix`.
    public var source: String
    public var liveId: String
    public var hls: String
    public var flv: String
    public var connectionId: String
    public var reason: String

    public init(roomId: String, source: PlaybackSource, liveId: String, media: MediaSettings, connectionId: String, reason: String) {
        self.roomId = roomId
        self.source = source.rawValue
        self.liveId = liveId
        hls = media.hlsURL(liveId: liveId)
        flv = media.flvURL(liveId: liveId)
        self.connectionId = connectionId
        self.reason = reason
    }
}

extension EventDraft {
    static func connection(_ type: EventType, _ connection: Connection) -> EventDraft {
        EventDraft(type, roomId: connection.roomId, payload: ConnectionEventPayload(connection))
    }
}
