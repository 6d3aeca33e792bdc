import Foundation

/// A state change to report to the platform, written in the same transaction as the change.
///
/// The store gives it its global id, its per-room sequence number and its time.
public struct EventDraft: Sendable, Equatable {
    public var type: EventType
    public var roomId: String?
    /// The event's payload, JSON-encoded.
    public var payload: Data

    public init(_ type: EventType, roomId: String?, payload: some Encodable) {
        self.type = type
        self.roomId = roomId
        self.payload = (try? EventDraft.encoder.encode(payload)) ?? Data("{}".utf8)
    }

    /// A payload already encoded as JSON.
    init(_ type: EventType, roomId: String?, json: Data) {
        self.type = type
        self.roomId = roomId
        self.payload = json
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()
}

/// An event as stored in the outbox.
public struct StoredEvent: Sendable, Equatable, Codable {
    /// Global, increasing id: the SSE `id` and the webhook id's source.
    public var id: Int64
    public var type: String
    public var roomId: String?
    /// Increases by one per event of the same room, across the room's whole life.
    public var sequence: Int64
    public var time: Date
    public var payload: Data

    public init(id: Int64, type: String, roomId: String?, sequence: Int64, time: Date, payload: Data) {
        self.id = id
        self.type = type
        self.roomId = roomId
        self.sequence = sequence
        self.time = time
        self.payload = payload
    }
}

/// The event types the platform receives.
public struct EventType: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    public static let roomCreated = EventType(rawValue: "room.created")
    public static let roomLive = EventType(rawValue: "room.live")
    public static let roomPlayable = EventType(rawValue: "room.playable")
    public static let roomNotPlayable = EventType(rawValue: "room.not_playable")
    public static let roomIdle = EventType(rawValue: "room.idle")
    public static let roomClosed = EventType(rawValue: "room.closed")
    public static let roomKeyRotated = EventType(rawValue: "room.key_rotated")
    public static let roomSuspended = EventType(rawValue: "room.suspended")
    public static let roomUnsuspended = EventType(rawValue: "room.unsuspended")
    public static let banChanged = EventType(rawValue: "ban.changed")
    public static let viewersChanged = EventType(rawValue: "viewers.changed")
    public static let recordingReady = EventType(rawValue: "recording.ready")
    public static let recordingFailed = EventType(rawValue: "recording.failed")
    public static let recordingDeleted = EventType(rawValue: "recording.deleted")
    public static let connectionRequested = EventType(rawValue: "connection.requested")
    public static let connectionStarted = EventType(rawValue: "connection.started")
    public static let connectionEnded = EventType(rawValue: "connection.ended")
    public static let roomPlaybackChanged = EventType(rawValue: "room.playback_changed")
}
