import CurlHTTP
import Foundation
import Logging
import ServiceLifecycle
import SidecarCore
import Synchronization

/// Delivers the outbox to the configured endpoints, at least once, in order per room.
///
/// A loop claims the due head of every room's queue (see `DeliveryStore`) up to
/// `maxInFlight`, sends each in its own child task, and records each result as it comes: a
/// slow or failing room holds only its own queue. It wakes on every commit of events (the
/// store's `EventSignal`), when a send finishes (its room's next event may go), and every
/// `pollInterval` (retries coming due). On shutdown it stops claiming and lets the sends in
/// flight finish (each bounded by `timeout`); whatever a crash interrupts is leased, and the
/// lease's expiry, or the restarted daemon releasing its own leases, sends it again.
public struct WebhookDispatcher: Service {
    let store: any DeliveryStore
    let signal: EventSignal
    let http: CurlHTTPClient
    let settings: WebhookSettings
    let signer: WebhookSigner
    let metrics: WebhookMetrics?
    let logger: Logger
    let now: @Sendable () -> Date
    let ready: @Sendable () async -> Void

    /// - Parameter ready: returns once the store is migrated and the endpoints registered
    ///   (`registerEndpoints`); the dispatcher reads nothing before.
    public init(
        store: any DeliveryStore, signal: EventSignal, http: CurlHTTPClient, settings: WebhookSettings,
        metrics: WebhookMetrics?, logger: Logger, now: @escaping @Sendable () -> Date = Date.init,
        ready: @escaping @Sendable () async -> Void = {}
    ) {
        self.ready = ready
        self.store = store
        self.signal = signal
        self.http = http
        self.settings = settings
        self.signer = WebhookSigner(secret: settings.secret)
        self.metrics = metrics
        self.logger = logger
        self.now = now
    }

    public func run() async throws {
        guard !settings.endpoints.isEmpty else { return }
        try await cancelWhenGracefulShutdown { await self.ready() }
        guard !Task.isShuttingDownGracefully && !Task.isCancelled else { return }
        do {
            try await store.releaseLeases(owner: settings.node)
        } catch {
            logger.warning("could not release this node's old webhook leases; they expire on their own", metadata: ["error": "\(error)"])
        }
        logger.info("delivering webhooks", metadata: ["endpoints": "\(settings.endpoints.map(\.absoluteString))"])
        await withTaskGroup(of: Void.self) { background in
            background.addTask { await self.refreshStats() }
            // Returns once the sends in flight have finished; they are never cancelled.
            await withDiscardingTaskGroup { sends in await dispatch(into: &sends) }
            background.cancelAll()
        }
    }

    private func dispatch(into group: inout DiscardingTaskGroup) async {
        let follower = signal.follow()
        let inFlight = InFlight()
        let endpoints = settings.endpoints.map(\.absoluteString)
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let room = settings.maxInFlight - inFlight.count
            var claimed: [ClaimedDelivery] = []
            if room > 0 {
                do {
                    claimed = try await store.claimDeliveries(DeliveryClaim(
                        endpoints: endpoints, owner: settings.node, now: now(), lease: settings.lease, limit: room))
                } catch {
                    logger.error("could not read the outbox; trying again", metadata: ["error": "\(error)"])
                }
            }
            for delivery in claimed {
                inFlight.add(1)
                group.addTask {
                    await self.deliver(delivery)
                    inFlight.add(-1)
                    follower.poke()
                }
            }
            // Either everything due is claimed or no slot is free: sleep until a commit, a
            // finished send (both keep their wake-up while we claim) or the poll interval.
            try? await cancelWhenGracefulShutdown { await follower.wait(upTo: settings.pollInterval) }
        }
    }

    /// One attempt, then its result in the store. A result that cannot be recorded is only
    /// logged: the lease expires and the delivery is attempted again (at-least-once).
    func deliver(_ delivery: ClaimedDelivery) async {
        let attempt = await send(delivery)
        let at = now()
        let outcome: DeliveryResult.Outcome =
            attempt.delivered
            ? .delivered
            : settings.retry.afterFailure(attempt: delivery.attempts + 1, createdAt: delivery.createdAt, now: at)
        metrics?.record(outcome, eventTime: delivery.event.time, now: at)
        switch outcome {
        case .delivered:
            logger.debug("webhook delivered", metadata: metadata(delivery))
        case .retry(let next):
            logger.warning("webhook not delivered; will retry", metadata: metadata(delivery).merging([
                "error": "\(attempt.error ?? "?")", "retry.at": "\(next)", "attempt": "\(delivery.attempts + 1)",
            ]) { $1 })
        case .dead:
            logger.error("webhook not delivered after the maximum age; kept as a dead letter", metadata: metadata(delivery).merging([
                "error": "\(attempt.error ?? "?")", "attempt": "\(delivery.attempts + 1)",
            ]) { $1 })
        }
        do {
            try await store.finishDelivery(DeliveryResult(
                id: delivery.id, owner: settings.node, outcome: outcome, at: at, status: attempt.status, error: attempt.error))
        } catch {
            logger.error("could not record a webhook result; it will be sent again", metadata: metadata(delivery).merging([
                "error": "\(error)"
            ]) { $1 })
        }
    }

    struct Attempt {
        var delivered: Bool
        var status: Int?
        var error: String?
    }

    func send(_ delivery: ClaimedDelivery) async -> Attempt {
        guard let url = URL(string: delivery.endpoint) else {
            return Attempt(delivered: false, status: nil, error: "the endpoint is not a URL")
        }
        let body = EventEnvelope.json(delivery.event)
        let timestamp = Int64(now().timeIntervalSince1970)
        var headers = signer.headers(id: Self.webhookId(delivery.event.id), timestamp: timestamp, body: body)
        headers.append(("Content-Type", "application/json"))
        do {
            let response = try await http.send(
                "POST", url, headers: headers, body: Array(body), totalTimeout: settings.timeout, maxBodyBytes: 1 << 20)
            if response.isSuccess { return Attempt(delivered: true, status: response.status, error: nil) }
            return Attempt(delivered: false, status: response.status, error: "the receiver answered HTTP \(response.status)")
        } catch {
            return Attempt(delivered: false, status: nil, error: error.description)
        }
    }

    /// The `webhook-id`: the same for every attempt of an event, so receivers can drop
    /// duplicates (at-least-once delivery).
    public static func webhookId(_ eventId: Int64) -> String { "evt_\(eventId)" }

    private func metadata(_ delivery: ClaimedDelivery) -> Logger.Metadata {
        [
            "event.id": "\(delivery.event.id)", "event.type": "\(delivery.event.type)",
            "room.id": "\(delivery.event.roomId ?? "-")", "endpoint": "\(delivery.endpoint)",
        ]
    }

    private func refreshStats() async {
        guard let metrics else { return }
        let endpoints = settings.endpoints.map(\.absoluteString)
        while !Task.isCancelled {
            if let stats = try? await store.outboxStats(endpoints: endpoints) { metrics.update(stats, now: now()) }
            try? await Task.sleep(for: settings.statsInterval)
        }
    }
}

/// Sends in flight, shared by the claim loop and the send tasks.
private final class InFlight: Sendable {
    private let value = Atomic<Int>(0)
    var count: Int { value.load(ordering: .relaxed) }
    func add(_ delta: Int) { value.add(delta, ordering: .relaxed) }
}
