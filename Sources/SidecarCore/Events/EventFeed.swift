import Foundation

/// The outbox as the platform API reads it: event pages and follow-ups for the event
/// stream and polling, and the webhook deliveries for operators.
public struct EventFeed: Sendable {
    let events: any RoomStore
    let deliveries: any DeliveryStore
    let signal: EventSignal
    let now: @Sendable () -> Date

    public init(events: any RoomStore, deliveries: any DeliveryStore, signal: EventSignal, now: @escaping @Sendable () -> Date = Date.init) {
        self.events = events
        self.deliveries = deliveries
        self.signal = signal
        self.now = now
    }

    public static let maxPage = 1_000

    /// Events after `afterId`, oldest first.
    public func page(after afterId: Int64, limit: Int) async throws -> [StoredEvent] {
        guard afterId >= 0 else { throw SidecarError(.invalidInput, "an event id is never negative") }
        guard (1...Self.maxPage).contains(limit) else { throw SidecarError(.invalidInput, "limit must be 1-\(Self.maxPage)") }
        return try await events.events(afterId: afterId, limit: limit)
    }

    /// Where a stream that names no `Last-Event-ID` starts: after the newest event.
    public func latestId() async throws -> Int64 {
        try await deliveries.latestEventId()
    }

    /// Wakes the caller when events may have been committed.
    public func follow() -> EventFollower {
        signal.follow()
    }

    public func deliveries(state: DeliveryState?, cursor: Int64?, limit: Int) async throws -> [DeliveryRecord] {
        guard (1...500).contains(limit) else { throw SidecarError(.invalidInput, "limit must be 1-500") }
        return try await deliveries.deliveries(state: state, afterId: cursor, limit: limit)
    }

    /// Sends a failed or dead delivery again now; its retry age starts over.
    public func retry(deliveryId: Int64) async throws -> DeliveryRecord {
        guard let record = try await deliveries.retryDelivery(id: deliveryId, now: now()) else {
            throw SidecarError(.notFound, "no delivery \(deliveryId)")
        }
        signal.notify()
        return record
    }
}
