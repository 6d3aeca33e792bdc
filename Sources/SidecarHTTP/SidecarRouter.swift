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
    public var health: @Sendable () async -> Bool
    /// The outbox's event stream, polling and deliveries API (`/api/v1/events`, `/webhooks`).
    public var events: EventFeed?
    /// The recordings index (`/api/v1/recordings`, and `on_dvr`).
    public var recordings: RecordingService?

    public init(
        hooks: HookService, rooms: RoomService, metrics: SidecarMetrics, apiToken: String, hookAllow: [CIDR],
        hookSecret: String?, events: EventFeed? = nil, recordings: RecordingService? = nil,
        health: @escaping @Sendable () async -> Bool = { true }
    ) {
        self.events = events
        self.recordings = recordings
        self.hooks = hooks
        self.rooms = rooms
        self.metrics = metrics
        self.apiToken = apiToken
        self.hookAllow = hookAllow
        self.hookSecret = hookSecret
        self.health = health
    }
}

/// The daemon's routes: `/hooks/*` for the media server, `/api/v1/*` for the platform,
/// and the unauthenticated operational routes.
public func buildSidecarRouter(_ deps: SidecarHTTPDependencies) -> Router<SidecarRequestContext> {
    let router = Router(context: SidecarRequestContext.self)
    SystemController(metrics: deps.metrics, health: deps.health).addRoutes(to: router)
    let hooks = router.group("hooks").add(middleware: HookGuardMiddleware(allowed: deps.hookAllow, secret: deps.hookSecret))
    SRSHookController(hooks: deps.hooks, recordings: deps.recordings, metrics: deps.metrics).addRoutes(to: hooks)
    let api = router.group("api/v1").add(middleware: BearerAuthMiddleware(token: deps.apiToken))
    RoomController(rooms: deps.rooms).addRoutes(to: api)
    ModerationController(rooms: deps.rooms).addRoutes(to: api)
    if let feed = deps.events {
        EventsController(feed: feed).addRoutes(to: api)
        DeliveriesController(feed: feed).addRoutes(to: api)
    }
    if let recordings = deps.recordings {
        RecordingController(recordings: recordings).addRoutes(to: api)
    }
    return router
}
