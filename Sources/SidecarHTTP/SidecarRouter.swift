import Hummingbird
import SidecarCore

/// Everything the HTTP layer needs, built by the daemon.
public struct SidecarHTTPDependencies: Sendable {
    public var hooks: HookService
    public var rooms: RoomService
    public var metrics: SidecarMetrics
    public var apiToken: String
    public var hookAllow: [CIDR]
    public var hookSecret: String?
    /// Whether the store answers; `/healthz` runs it at most once a second (`HealthCheck`).
    public var health: @Sendable () async -> Bool
    /// The outbox's event stream, polling and deliveries API (`/api/v1/events`, `/webhooks`).
    public var events: EventFeed?
    /// Which hook dialect is served: `/hooks/srs` or `/hooks/nginx-rtmp/{event}`.
    public var mediaServer: MediaServerKind
    /// The server id nginx-rtmp publishes are recorded under (its notifications carry none);
    /// the nginx adapter reports the same one in its snapshots. Unused for SRS.
    public var mediaServerId: String?
    /// The recordings index (`/api/v1/recordings`, `on_dvr` and `on_record_done`).
    public var recordings: RecordingService?
    /// Connections (co-hosting); nil: the routes are not served.
    public var connections: ConnectionService?

    public init(
        hooks: HookService, rooms: RoomService, metrics: SidecarMetrics, apiToken: String, hookAllow: [CIDR],
        hookSecret: String?, events: EventFeed? = nil, recordings: RecordingService? = nil, mediaServer: MediaServerKind = .srs,
        mediaServerId: String? = nil, connections: ConnectionService? = nil, health: @escaping @Sendable () async -> Bool = { true }
    ) {
        self.events = events
        self.recordings = recordings
        self.mediaServer = mediaServer
        self.mediaServerId = mediaServerId
        self.connections = connections
        self.hooks = hooks
        self.rooms = rooms
        self.metrics = metrics
        self.apiToken = apiToken
        self.hookAllow = hookAllow
        self.hookSecret = hookSecret
        self.health = health
    }
}

/// The daemon's routes: `/hooks/*` for the media server (in the dialect of `mediaServer`),
/// `/api/v1/*` for the platform, and the unauthenticated operational routes.
public func buildSidecarRouter(_ deps: SidecarHTTPDependencies) -> Router<SidecarRequestContext> {
    let router = Router(context: SidecarRequestContext.self)
    SystemController(metrics: deps.metrics, health: HealthCheck(check: deps.health)).addRoutes(to: router)
    let hooks = router.group("hooks").add(middleware: HookGuardMiddleware(allowed: deps.hookAllow, secret: deps.hookSecret))
    switch deps.mediaServer {
    case .srs:
        SRSHookController(hooks: deps.hooks, recordings: deps.recordings, metrics: deps.metrics).addRoutes(to: hooks)
    case .nginxRTMP:
        NginxRTMPHookController(hooks: deps.hooks, recordings: deps.recordings, metrics: deps.metrics, serverId: deps.mediaServerId)
            .addRoutes(to: hooks)
    }
    let api = router.group("api/v1").add(middleware: BearerAuthMiddleware(token: deps.apiToken))
    RoomController(rooms: deps.rooms).addRoutes(to: api)
    ModerationController(rooms: deps.rooms).addRoutes(to: api)
    if let connections = deps.connections { ConnectionController(connections: connections).addRoutes(to: api) }
    if let feed = deps.events {
        EventsController(feed: feed).addRoutes(to: api)
        DeliveriesController(feed: feed).addRoutes(to: api)
    }
    if let recordings = deps.recordings {
        RecordingController(recordings: recordings).addRoutes(to: api)
    }
    return router
}
