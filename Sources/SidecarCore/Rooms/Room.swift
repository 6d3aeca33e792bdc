import Foundation

/// A user's live room: the platform's unit of "one user, one room".
///
/// The stream key itself is never held here, only its hash: see `StreamKeys`.
public struct Room: Sendable, Equatable, Codable {
    /// The platform's id for the room.
    public var id: String
    /// The user who owns the room; unique across rooms.
    public var owner: String
    /// The stream name SRS sees (`rtmp://host/live/<liveId>`); random, never the key.
    public var liveId: String
    /// SHA-256 of the current stream key, hex.
    public var keyHash: String
    /// Bumped on every rotation; the key is derived from it.
    public var keyVersion: Int
    public var createdAt: Date
    public var status: RoomStatus
    /// When `status` last changed.
    public var statusSince: Date
    /// Who is publishing, while live.
    public var publisher: Publisher?
    /// Whether the room's HLS is playable now (HLSProbe's verdict).
    public var playable: Bool
    public var playableSince: Date?
    /// A private room's viewers need a signed play token.
    public var isPrivate: Bool
    /// Set while an admin has stopped the room from broadcasting.
    public var suspension: Suspension?

    public init(
        id: String, owner: String, liveId: String, keyHash: String, keyVersion: Int = 1,
        createdAt: Date, status: RoomStatus = .idle, statusSince: Date, publisher: Publisher? = nil,
        playable: Bool = false, playableSince: Date? = nil, isPrivate: Bool = false,
        suspension: Suspension? = nil
    ) {
        self.id = id
        self.owner = owner
        self.liveId = liveId
        self.keyHash = keyHash
        self.keyVersion = keyVersion
        self.createdAt = createdAt
        self.status = status
        self.statusSince = statusSince
        self.publisher = publisher
        self.playable = playable
        self.playableSince = playableSince
        self.isPrivate = isPrivate
        self.suspension = suspension
    }
}

/// `idle`: the room exists and nobody publishes (viewers see a notice); `live`: a publisher
/// was accepted. `closed` is not a state a stored room has: a closed room is gone.
public enum RoomStatus: String, Sendable, Codable, CaseIterable {
    case idle
    case live
}

/// The accepted publisher of a live room, as SRS identified it.
public struct Publisher: Sendable, Equatable, Codable {
    /// SRS's connection id (`client_id`); the same id in every hook of that connection.
    public var clientId: String
    public var ip: String
    public var since: Date
    /// SRS's stream source id (`stream_id`), when given.
    public var streamId: String?
    /// SRS's `server_id` and `service_id`: which media server, and which run of it.
    public var serverId: String?
    public var serviceId: String?
    /// Our id for this publish session; recordings and events refer to it.
    public var sessionId: String

    public init(
        clientId: String, ip: String, since: Date, streamId: String? = nil,
        serverId: String? = nil, serviceId: String? = nil, sessionId: String
    ) {
        self.clientId = clientId
        self.ip = ip
        self.since = since
        self.streamId = streamId
        self.serverId = serverId
        self.serviceId = serviceId
        self.sessionId = sessionId
    }
}

/// An admin's "stop broadcasting" on one room.
public struct Suspension: Sendable, Equatable, Codable {
    public var reason: String
    public var since: Date

    public init(reason: String, since: Date) {
        self.reason = reason
        self.since = since
    }
}
