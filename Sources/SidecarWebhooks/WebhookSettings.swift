import Foundation
import SidecarCore

public struct WebhookSettings: Sendable {
    /// Where every event is POSTed, each endpoint with its own cursor and queues.
    public var endpoints: [URL]
    public var secret: WebhookSecret
    /// This daemon's name on its leases (unique per daemon sharing a database).
    public var node: String
    /// Total time for one attempt, connect included.
    public var timeout: Duration
    /// Deliveries in flight at once, across endpoints and rooms.
    public var maxInFlight: Int
    public var retry: RetryPolicy
    /// How often the outbox is read when no commit notification arrives (other daemons'
    /// events without LISTEN, retries coming due).
    public var pollInterval: Duration
    /// How often the outbox gauges are refreshed.
    public var statsInterval: Duration

    public init(
        endpoints: [URL], secret: WebhookSecret, node: String, timeout: Duration = .seconds(10), maxInFlight: Int = 64,
        retry: RetryPolicy = RetryPolicy(), pollInterval: Duration = .seconds(1), statsInterval: Duration = .seconds(5)
    ) {
        self.endpoints = endpoints
        self.secret = secret
        self.node = node
        self.timeout = timeout
        self.maxInFlight = maxInFlight
        self.retry = retry
        self.pollInterval = pollInterval
        self.statsInterval = statsInterval
    }

    /// A lease outlives any attempt (its timeout) with room to record the result, so a
    /// delivery is only handed out again when its daemon is really gone.
    var lease: Duration { timeout * 3 + .seconds(5) }
}
