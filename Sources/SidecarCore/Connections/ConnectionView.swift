import Foundation

/// A connection as the platform API shows it. Only the answer that creates it carries the
/// guest's key and publish URL; the mixer's credential is never shown.
public struct ConnectionView: Sendable, Codable, Equatable {
    public struct Mix: Sendable, Codable, Equatable {
        public var liveId: String
        public var hls: String
        public var flv: String
    }

    public var connectionId: String
    public var roomId: String
    public var guest: String
    public var state: ConnectionState
    public var stateSince: Date
    public var reason: String
    public var hostLive: Bool
    public var guestLive: Bool
    public var mixLive: Bool
    public var hostLiveId: String
    public var guestLiveId: String
    public var mix: Mix
    public var createdAt: Date
    public var pendingUntil: Date
    public var endedAt: Date?
    /// The mixer process while it runs (pid, restarts, ffmpeg's progress).
    public var mixer: MixerStatus?
    public var guestKey: String?
    public var guestPublishURL: String?

    init(_ connection: Connection, media: MediaSettings, mixer: MixerStatus?, guestKey: String? = nil) {
        connectionId = connection.id
        roomId = connection.roomId
        guest = connection.guest
        state = connection.state
        stateSince = connection.stateSince
        reason = connection.reason
        hostLive = connection.hostLive
        guestLive = connection.guestLive
        mixLive = connection.mixLive
        hostLiveId = connection.hostLiveId
        guestLiveId = connection.guestLiveId
        mix = Mix(
            liveId: connection.mixLiveId, hls: media.hlsURL(liveId: connection.mixLiveId),
            flv: media.flvURL(liveId: connection.mixLiveId))
        createdAt = connection.createdAt
        pendingUntil = connection.pendingUntil
        endedAt = connection.endedAt
        self.mixer = mixer
        self.guestKey = guestKey
        guestPublishURL = guestKey.map { media.publishURL(liveId: connection.guestLiveId, key: $0) }
    }
}

/// A room's connections, newest first.
public struct ConnectionList: Sendable, Codable, Equatable {
    public var connections: [ConnectionView]
}
