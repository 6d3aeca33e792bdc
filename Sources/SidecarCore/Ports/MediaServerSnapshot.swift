import Foundation

/// What the media server reported at one moment (SRS: `/api/v1/streams/` and `/clients/`).
public struct MediaServerSnapshot: Sendable, Equatable {
    /// Which media server answered. SRS keeps it in `srs.id`, so it survives restarts; a
    /// publisher's `serverId` says which server a room went live on.
    public var serverId: String
    /// Which run of that server answered. SRS makes a new one on every start, so a change
    /// means every client it had before is gone.
    public var serviceId: String
    /// Streams with an active publisher.
    public var streams: [PublishedStream]
    /// Every connected client: publishers and players (RTMP, HTTP-FLV, HLS sessions).
    public var clients: [MediaClient]
    /// False when a list may have been cut short (it filled the API's page): then a client
    /// missing from it proves nothing, and only corrections based on presence are made.
    public var isComplete: Bool

    public init(serverId: String, serviceId: String, streams: [PublishedStream], clients: [MediaClient], isComplete: Bool = true) {
        self.serverId = serverId
        self.serviceId = serviceId
        self.streams = streams
        self.clients = clients
        self.isComplete = isComplete
    }
}

/// A stream someone is publishing.
public struct PublishedStream: Sendable, Equatable {
    public var app: String
    /// The stream name: our liveId.
    public var name: String
    /// The publishing connection's id, the `client_id` its hooks carried.
    public var publisherClientId: String

    public init(app: String, name: String, publisherClientId: String) {
        self.app = app
        self.name = name
        self.publisherClientId = publisherClientId
    }
}

/// A connection the media server has.
public struct MediaClient: Sendable, Equatable {
    public enum Role: String, Sendable, Equatable {
        case publisher
        case player
    }

    /// The `client_id` of its hooks (for an HLS viewer, the `hls_ctx`).
    public var id: String
    public var role: Role
    /// The app and stream it is attached to, when the server says.
    public var app: String?
    /// The stream name without a player's `.flv` / `.m3u8`.
    public var stream: String?

    public init(id: String, role: Role, app: String? = nil, stream: String? = nil) {
        self.id = id
        self.role = role
        self.app = app
        self.stream = stream
    }
}
