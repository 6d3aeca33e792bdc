import Foundation

/// A co-hosting session: a guest publishes beside a live room's host, and the daemon mixes
/// both into a third stream that viewers are switched to once it is playable.
///
/// The guest's key itself is never held here, only its hash (see `StreamKeys`); the mixer's
/// credential is derived from the daemon's secret and never stored at all.
public struct Connection: Sendable, Equatable, Codable {
    public var id: String
    public var roomId: String
    /// The room's own stream (the host's), as it was when the connection was requested.
    public var hostLiveId: String
    /// The guest's user name.
    public var guest: String
    /// The stream name the guest publishes as.
    public var guestLiveId: String
    /// SHA-256 of the guest's stream key, hex; empty once the connection ended (revoked).
    public var guestKeyHash: String
    /// The stream name the mixer publishes the composite as.
    public var mixLiveId: String
    public var state: ConnectionState
    /// When `state` last changed.
    public var stateSince: Date
    /// Why `state` last changed (`ConnectionReason`).
    public var reason: String
    /// Whether the room's host is publishing.
    public var hostLive: Bool
    /// Whether the guest is publishing, and as which client.
    public var guestLive: Bool
    public var guestClientId: String?
    /// Whether the mixer's output is publishing, and as which client.
    public var mixLive: Bool
    public var mixClientId: String?
    /// The sidecar node that runs the mixer.
    public var node: String
    public var createdAt: Date
    /// A pending connection ends when the guest has not published by then.
    public var pendingUntil: Date
    public var endedAt: Date?

    public init(
        id: String, roomId: String, hostLiveId: String, guest: String, guestLiveId: String, guestKeyHash: String, mixLiveId: String,
        state: ConnectionState = .pending, stateSince: Date, reason: String = ConnectionReason.requested,
        hostLive: Bool = true, guestLive: Bool = false, guestClientId: String? = nil, mixLive: Bool = false,
        mixClientId: String? = nil, node: String, createdAt: Date, pendingUntil: Date, endedAt: Date? = nil
    ) {
        self.id = id
        self.roomId = roomId
        self.hostLiveId = hostLiveId
        self.guest = guest
        self.guestLiveId = guestLiveId
        self.guestKeyHash = guestKeyHash
        self.mixLiveId = mixLiveId
        self.state = state
        self.stateSince = stateSince
        self.reason = reason
        self.hostLive = hostLive
        self.guestLive = guestLive
        self.guestClientId = guestClientId
        self.mixLive = mixLive
        self.mixClientId = mixClientId
        self.node = node
        self.createdAt = createdAt
        self.pendingUntil = pendingUntil
        self.endedAt = endedAt
    }

    public var isOpen: Bool { state != .ended }
}

/// `pending` (waiting for the guest), `mixing` (both inputs live, the mixer running),
/// `active` (the mix is playable: viewers watch it), `ended`.
public enum ConnectionState: String, Sendable, Codable, CaseIterable {
    case pending
    case mixing
    case active
    case ended
}

/// The three streams of a connection.
public enum ConnectionSide: String, Sendable, Codable, CaseIterable {
    case host
    case guest
    case mix
}

/// Why a connection changed state: stable, machine-readable words.
public enum ConnectionReason {
    public static let requested = "requested"
    public static let guestPublished = "guest_published"
    public static let mixPlayable = "mix_playable"
    /// The mixer's output stopped for longer than the grace period: back to `mixing`.
    public static let mixInterrupted = "mix_interrupted"
    // Endings.
    public static let hostEnded = "host_ended"
    public static let hostLeft = "host_left"
    public static let guestLeft = "guest_left"
    public static let pendingTimeout = "pending_timeout"
    public static let roomClosed = "room_closed"
    public static let guestBanned = "guest_banned"
    public static let sidecarRestarted = "sidecar_restarted"
}
