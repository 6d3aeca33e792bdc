import Foundation

/// The payload of every `room.*` event: the room's state after the change, plus why.
public struct RoomEventPayload: Sendable, Codable, Equatable {
    public var roomId: String
    public var owner: String
    public var liveId: String
    public var status: String
    public var playable: Bool
    public var publisher: PublisherPayload?
    /// Why the change happened, when it was not the obvious hook (e.g. a kick, a probe reason).
    public var reason: String?
    /// True when the change was made by reconciling with the media server's API.
    public var reconciled: Bool?

    public init(_ room: Room, reason: String? = nil, reconciled: Bool? = nil) {
        roomId = room.id
        owner = room.owner
        liveId = room.liveId
        status = room.status.rawValue
        playable = room.playable
        publisher = room.publisher.map(PublisherPayload.init)
        self.reason = reason
        self.reconciled = reconciled
    }
}

/// A publisher as events show it (no credentials, ever).
public struct PublisherPayload: Sendable, Codable, Equatable {
    public var clientId: String
    public var ip: String
    public var since: Date
    public var sessionId: String

    public init(_ publisher: Publisher) {
        clientId = publisher.clientId
        ip = publisher.ip
        since = publisher.since
        sessionId = publisher.sessionId
    }
}

/// `viewers.changed`: the room's viewers on every node sharing the store.
public struct ViewersEventPayload: Sendable, Codable, Equatable {
    public var roomId: String
    public var viewers: Int

    public init(roomId: String, viewers: Int) {
        self.roomId = roomId
        self.viewers = viewers
    }
}

/// `ban.changed`.
public struct BanEventPayload: Sendable, Codable, Equatable {
    public var owner: String
    public var banned: Bool
    public var reason: String?
    public var until: Date?

    public init(owner: String, banned: Bool, reason: String?, until: Date?) {
        self.owner = owner
        self.banned = banned
        self.reason = reason
        self.until = until
    }
}

extension EventDraft {
    static func room(_ type: EventType, _ room: Room, reason: String? = nil) -> EventDraft {
        EventDraft(type, roomId: room.id, payload: RoomEventPayload(room, reason: reason))
    }
}
