import Foundation
import PostgresNIO
import SidecarCore

/// Webhook deliveries on PostgreSQL, shared by every daemon on the database: the endpoint's
/// cursor row is locked while fanning out, and heads are leased with `FOR UPDATE ... SKIP
/// LOCKED`, so two daemons never lease one delivery at the same time.
extension PostgresRoomStore: DeliveryStore {
    public func registerEndpoints(_ endpoints: [String], now: Date) async throws {
        let millis = now.unixMillis
        for endpoint in endpoints {
            _ = try await fetch("register webhook endpoints", Self.register(endpoint, now: millis)) { _ in () }
        }
    }

    private static func register(_ endpoint: String, now: Int64) -> PostgresQuery {
        """
        INSERT INTO webhook_endpoints (url, cursor, created_at)
        VALUES (\(endpoint), (SELECT coalesce(max(id), 0) FROM events), \(now)) ON CONFLICT (url) DO NOTHING
        """
    }

    public func claimDeliveries(_ claim: DeliveryClaim) async throws -> [ClaimedDelivery] {
        guard !claim.endpoints.isEmpty, claim.limit > 0 else { return [] }
        let logger = logger
        return try await transaction("claim deliveries") { conn in
            let now = claim.now.unixMillis
            for endpoint in claim.endpoints {
                try await Self.fanOut(endpoint: endpoint, now: now, limit: claim.fanOutLimit, conn, logger: logger)
            }
            let until = claim.now.addingTimeInterval(claim.lease.timeInterval).unixMillis
            let endpoints = claim.endpoints
            let owner = claim.owner
            let limit = claim.limit
            let leased = try await Self.collect(conn.query("""
                WITH heads AS (
                    SELECT d.id FROM (
                        SELECT endpoint, queue, min(event_id) AS head FROM deliveries
                        WHERE state <> 'dead' AND endpoint = ANY(\(endpoints)) GROUP BY endpoint, queue) h
                    JOIN deliveries d ON d.endpoint = h.endpoint AND d.event_id = h.head
                    WHERE d.next_attempt_at <= \(now) AND (d.lease_until IS NULL OR d.lease_until <= \(now))
                    ORDER BY d.event_id LIMIT \(limit)
                    FOR UPDATE OF d SKIP LOCKED)
                UPDATE deliveries d SET lease_owner = \(owner), lease_until = \(until) FROM heads WHERE d.id = heads.id
                RETURNING d.id, d.endpoint, d.attempts, d.created_at, d.event_id
                """, logger: logger)) { row in try row.decode((Int64, String, Int32, Int64, Int64).self) }
            guard !leased.isEmpty else { return [] }
            let eventIds = leased.map(\.4)
            var events: [Int64: StoredEvent] = [:]
            for event in try await Self.collect(conn.query(
                "SELECT id, type, room_id, sequence, time, payload FROM events WHERE id = ANY(\(eventIds))", logger: logger),
                PostgresEvents.event)
            {
                events[event.id] = event
            }
            return leased.compactMap { id, endpoint, attempts, createdAt, eventId in
                events[eventId].map {
                    ClaimedDelivery(id: id, endpoint: endpoint, attempts: Int(attempts), createdAt: Date(unixMillis: createdAt), event: $0)
                }
            }.sorted { $0.event.id < $1.event.id }
        }
    }

    /// See `SQLiteDeliveries.fanOut`. The cursor row is locked, so daemons fan out in turn.
    private static func fanOut(endpoint: String, now: Int64, limit: Int, _ conn: PostgresConnection, logger: Logger) async throws {
        try await conn.query(register(endpoint, now: now), logger: logger)
        try await conn.query("""
            WITH cursor AS (SELECT cursor FROM webhook_endpoints WHERE url = \(endpoint) FOR UPDATE),
            picked AS (
                SELECT id, coalesce(room_id, '') AS queue FROM events
                WHERE id > (SELECT cursor FROM cursor) ORDER BY id LIMIT \(limit)),
            inserted AS (
                INSERT INTO deliveries (event_id, endpoint, queue, state, attempts, created_at, next_attempt_at)
                SELECT id, \(endpoint), queue, 'pending', 0, \(now), 0 FROM picked
                ON CONFLICT (endpoint, event_id) DO NOTHING)
            UPDATE webhook_endpoints SET cursor = (SELECT max(id) FROM picked)
            WHERE url = \(endpoint) AND EXISTS (SELECT 1 FROM picked)
            """, logger: logger)
    }

    public func finishDelivery(_ result: DeliveryResult) async throws {
        let id = result.id
        let owner = result.owner
        let at = result.at.unixMillis
        let query: PostgresQuery
        switch result.outcome {
        case .delivered:
            query = "DELETE FROM deliveries WHERE id = \(id) AND lease_owner = \(owner)"
        case .retry, .dead:
            let (state, next): (String, Int64) =
                if case .retry(let next) = result.outcome { (DeliveryState.failed.rawValue, next.unixMillis) }
                else { (DeliveryState.dead.rawValue, at) }
            let status = result.status.map(Int32.init)
            query = """
                UPDATE deliveries SET state = \(state), attempts = attempts + 1, next_attempt_at = \(next),
                    last_attempt_at = \(at), last_status = \(status), last_error = \(result.error),
                    lease_owner = NULL, lease_until = NULL
                WHERE id = \(id) AND lease_owner = \(owner)
                """
        }
        _ = try await fetch("finish delivery", query) { _ in () }
    }

    public func deliveries(state: DeliveryState?, afterId: Int64?, limit: Int) async throws -> [DeliveryRecord] {
        let after = afterId ?? 0
        let limit = max(0, limit)
        let query: PostgresQuery = if let state {
            "\(unescaped: Self.recordSelect) WHERE d.id > \(after) AND d.state = \(state.rawValue) ORDER BY d.id LIMIT \(limit)"
        } else {
            "\(unescaped: Self.recordSelect) WHERE d.id > \(after) ORDER BY d.id LIMIT \(limit)"
        }
        return try await fetch("list deliveries", query, Self.record)
    }

    public func retryDelivery(id: Int64, now: Date) async throws -> DeliveryRecord? {
        let millis = now.unixMillis
        let logger = logger
        return try await transaction("retry delivery") { conn in
            try await conn.query("""
                UPDATE deliveries SET state = 'pending', created_at = \(millis), next_attempt_at = \(millis),
                    lease_owner = NULL, lease_until = NULL
                WHERE id = \(id) AND state IN ('failed', 'dead')
                """, logger: logger)
            return try await Self.collect(
                conn.query("\(unescaped: Self.recordSelect) WHERE d.id = \(id)", logger: logger), Self.record
            ).first
        }
    }

    public func releaseLeases(owner: String) async throws {
        _ = try await fetch(
            "release leases", "UPDATE deliveries SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = \(owner)"
        ) { _ in () }
    }

    public func outboxStats(endpoints: [String]) async throws -> OutboxStats {
        var depth = 0
        var dead = 0
        var oldest: Int64?
        for endpoint in endpoints {
            let rows = try await fetch("outbox stats", """
                SELECT
                    (SELECT count(*) FROM deliveries WHERE endpoint = \(endpoint) AND state <> 'dead'),
                    (SELECT min(e.time) FROM deliveries d JOIN events e ON e.id = d.event_id
                        WHERE d.endpoint = \(endpoint) AND d.state <> 'dead'),
                    (SELECT count(*) FROM deliveries WHERE endpoint = \(endpoint) AND state = 'dead'),
                    (SELECT count(*) FROM events WHERE id > coalesce((SELECT cursor FROM webhook_endpoints WHERE url = \(endpoint)), 9223372036854775807)),
                    (SELECT min(time) FROM events WHERE id > coalesce((SELECT cursor FROM webhook_endpoints WHERE url = \(endpoint)), 9223372036854775807))
                """) { row in try row.decode((Int64, Int64?, Int64, Int64, Int64?).self) }
            guard let (open, openOldest, deadCount, unread, unreadOldest) = rows.first else { continue }
            depth += Int(open + unread)
            dead += Int(deadCount)
            oldest = SQLiteDeliveries.earlier(SQLiteDeliveries.earlier(oldest, openOldest), unreadOldest)
        }
        return OutboxStats(depth: depth, dead: dead, oldestUndelivered: oldest.map(Date.init(unixMillis:)))
    }

    public func latestEventId() async throws -> Int64 {
        try await fetch("latest event", "SELECT coalesce(max(id), 0)::BIGINT FROM events") { row in try row.decode(Int64.self) }.first ?? 0
    }

    static let recordSelect = SQLiteDeliveries.recordSelect

    static func record(_ row: PostgresRow) throws -> DeliveryRecord {
        let (id, eventId, type, roomId, endpoint, stateText, attempts, createdAt, next, last, status, error) = try row.decode(
            (Int64, Int64, String, String?, String, String, Int32, Int64, Int64, Int64?, Int32?, String?).self)
        guard let state = DeliveryState(rawValue: stateText) else {
            throw StoreError.corrupt("a delivery has the unknown state \(stateText)")
        }
        return DeliveryRecord(
            id: id, eventId: eventId, eventType: type, roomId: roomId, endpoint: endpoint, state: state,
            attempts: Int(attempts), createdAt: Date(unixMillis: createdAt),
            nextAttemptAt: state == .dead ? nil : Date(unixMillis: next), lastAttemptAt: last.map(Date.init(unixMillis:)),
            lastStatus: status.map(Int.init), lastError: error)
    }
}
