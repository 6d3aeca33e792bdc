import Foundation

/// A store with everything the daemon uses.
public typealias SidecarStorage = RoomStore & DeliveryStore & RecordingStore & ConnectionStore

/// The webhook deliveries of the event outbox, behind the same data-access layer as rooms.
///
/// Each configured endpoint has a cursor in the outbox; `claimDeliveries` turns the events
/// past it into delivery rows, then leases the oldest open delivery of each (endpoint, room)
/// queue: only a queue's head is ever handed out, so a room's events arrive in order while
/// other rooms' queues move on. A lease expires, so deliveries held by a daemon that died are
/// handed out again (at-least-once); with PostgreSQL several daemons claim from one outbox
/// without ever leasing the same delivery twice at once.
public protocol DeliveryStore: Sendable {
    /// Notified by the store after each commit that appended events.
    var eventSignal: EventSignal { get }
    /// Gives each endpoint not seen before a cursor at the newest event: it receives every
    /// event committed from now on. Call before accepting requests, so that no event made
    /// at start slips in before the endpoint's cursor exists.
    func registerEndpoints(_ endpoints: [String], now: Date) async throws
    func claimDeliveries(_ claim: DeliveryClaim) async throws -> [ClaimedDelivery]
    /// Records an attempt's result; a delivered row is removed.
    func finishDelivery(_ result: DeliveryResult) async throws
    /// Open and dead deliveries, oldest first, optionally of one state.
    func deliveries(state: DeliveryState?, afterId: Int64?, limit: Int) async throws -> [DeliveryRecord]
    /// Makes a failed or dead delivery due now, with a fresh retry age. Nil when unknown.
    func retryDelivery(id: Int64, now: Date) async throws -> DeliveryRecord?
    /// Ends every lease `owner` holds (a restarted daemon's, whose sends died with it).
    func releaseLeases(owner: String) async throws
    func outboxStats(endpoints: [String]) async throws -> OutboxStats
    /// The newest event id (0 when none): where an event stream without `Last-Event-ID` starts.
    func latestEventId() async throws -> Int64
}

public enum DeliveryState: String, Sendable, Codable, CaseIterable {
    /// Not attempted yet.
    case pending
    /// Attempted and failed; retried at `nextAttemptAt`.
    case failed
    /// Gave up after the maximum age; kept until retried by hand.
    case dead
}

public struct DeliveryClaim: Sendable {
    public var endpoints: [String]
    public var owner: String
    public var now: Date
    /// How long a claimed delivery stays leased (longer than a send's timeout).
    public var lease: Duration
    public var limit: Int
    /// Events at most fanned out per endpoint per claim, so one claim stays short.
    public var fanOutLimit: Int

    public init(endpoints: [String], owner: String, now: Date, lease: Duration, limit: Int, fanOutLimit: Int = 2_000) {
        self.endpoints = endpoints
        self.owner = owner
        self.now = now
        self.lease = lease
        self.limit = limit
        self.fanOutLimit = fanOutLimit
    }
}

public struct ClaimedDelivery: Sendable, Equatable {
    public var id: Int64
    public var endpoint: String
    public var attempts: Int
    /// When the delivery was created, or last retried by hand: the retry age counts from here.
    public var createdAt: Date
    public var event: StoredEvent

    public init(id: Int64, endpoint: String, attempts: Int, createdAt: Date, event: StoredEvent) {
        self.id = id
        self.endpoint = endpoint
        self.attempts = attempts
        self.createdAt = createdAt
        self.event = event
    }
}

/// An attempt's outcome as the store records it.
public struct DeliveryResult: Sendable, Equatable {
    public enum Outcome: Sendable, Equatable {
        case delivered
        case retry(at: Date)
        case dead
    }

    public var id: Int64
    public var owner: String
    public var outcome: Outcome
    public var at: Date
    /// The receiver's HTTP status, if it answered.
    public var status: Int?
    public var error: String?

    public init(id: Int64, owner: String, outcome: Outcome, at: Date, status: Int?, error: String?) {
        self.id = id
        self.owner = owner
        self.outcome = outcome
        self.at = at
        self.status = status
        self.error = error
    }
}

public struct DeliveryRecord: Sendable, Equatable, Codable {
    public var id: Int64
    public var eventId: Int64
    public var eventType: String
    public var roomId: String?
    public var endpoint: String
    public var state: DeliveryState
    public var attempts: Int
    public var createdAt: Date
    public var nextAttemptAt: Date?
    public var lastAttemptAt: Date?
    public var lastStatus: Int?
    public var lastError: String?

    public init(
        id: Int64, eventId: Int64, eventType: String, roomId: String?, endpoint: String, state: DeliveryState,
        attempts: Int, createdAt: Date, nextAttemptAt: Date?, lastAttemptAt: Date?, lastStatus: Int?, lastError: String?
    ) {
        self.id = id
        self.eventId = eventId
        self.eventType = eventType
        self.roomId = roomId
        self.endpoint = endpoint
        self.state = state
        self.attempts = attempts
        self.createdAt = createdAt
        self.nextAttemptAt = nextAttemptAt
        self.lastAttemptAt = lastAttemptAt
        self.lastStatus = lastStatus
        self.lastError = lastError
    }
}

public struct OutboxStats: Sendable, Equatable {
    /// Events not yet delivered to every endpoint: open deliveries plus events past an
    /// endpoint's cursor that have no delivery row yet.
    public var depth: Int
    /// Dead letters.
    public var dead: Int
    /// The oldest undelivered event's time, nil when nothing waits.
    public var oldestUndelivered: Date?

    public init(depth: Int, dead: Int, oldestUndelivered: Date?) {
        self.depth = depth
        self.dead = dead
        self.oldestUndelivered = oldestUndelivered
    }
}
