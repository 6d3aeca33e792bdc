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
        EventDraft(type, roomId: room.id, json: RoomEventPayload(room, reason: reason).json())
    }
}

extension RoomEventPayload {
    /// The payload as `EventDraft.encoder` writes it (keys sorted, ISO 8601 dates), written
    /// out directly: every publish and unpublish appends one of these in its transaction,
    /// and `JSONEncoder` took some 10 µs of each. A test holds the two to the same JSON.
    func json() -> Data {
        var text = #"{"liveId":"#
        text += JSONString.quoted(liveId)
        text += #","owner":"#
        text += JSONString.quoted(owner)
        text += playable ? #","playable":true"# : #","playable":false"#
        if let publisher {
            text += #","publisher":{"clientId":"#
            text += JSONString.quoted(publisher.clientId)
            text += #","ip":"#
            text += JSONString.quoted(publisher.ip)
            text += #","sessionId":"#
            text += JSONString.quoted(publisher.sessionId)
            text += #","since":""#
            text += ISO8601Seconds.string(publisher.since)
            text += #""}"#
        }
        if let reason {
            text += #","reason":"#
            text += JSONString.quoted(reason)
        }
        if let reconciled { text += reconciled ? #","reconciled":true"# : #","reconciled":false"# }
        text += #","roomId":"#
        text += JSONString.quoted(roomId)
        text += #","status":"#
        text += JSONString.quoted(status)
        text += "}"
        return Data(text.utf8)
    }
}
