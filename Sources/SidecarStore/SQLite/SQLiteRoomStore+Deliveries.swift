import Foundation
import GRDB
import SidecarCore

/// Webhook deliveries on SQLite. Claiming is one write transaction (SQLite's single writer
/// is the lock), so two processes on one file never lease the same delivery.
extension SQLiteRoomStore: DeliveryStore {
    public func registerEndpoints(_ endpoints: [String], now: Date) async throws {
        guard !endpoints.isEmpty else { return }
        try await write("register webhook endpoints") { db in
            for endpoint in endpoints { try SQLiteDeliveries.register(endpoint, now: now.unixMillis, db) }
        }
    }

    public func claimDeliveries(_ claim: DeliveryClaim) async throws -> [ClaimedDelivery] {
        guard !claim.endpoints.isEmpty, claim.limit > 0 else { return [] }
        return try await write("claim deliveries") { db in
            let now = claim.now.unixMillis
            for endpoint in claim.endpoints {
                try SQLiteDeliveries.fanOut(endpoint: endpoint, now: now, limit: claim.fanOutLimit, db)
            }
            let heads = try SQLiteDeliveries.heads(claim, db)
            let leaseUntil = claim.now.addingTimeInterval(claim.lease.timeInterval).unixMillis
            let lease = try db.cachedStatement(sql: "UPDATE deliveries SET lease_owner = ?, lease_until = ? WHERE id = ?")
            for head in heads { try lease.execute(arguments: [claim.owner, leaseUntil, head.id]) }
            return heads
        }
    }

    public func finishDelivery(_ result: DeliveryResult) async throws {
        try await write("finish delivery") { db in
            switch result.outcome {
            case .delivered:
                try db.cachedStatement(sql: "DELETE FROM deliveries WHERE id = ? AND lease_owner = ?")
                    .execute(arguments: [result.id, result.owner])
            case .retry(let at):
                try SQLiteDeliveries.fail(result, state: .failed, next: at.unixMillis, db)
            case .dead:
                try SQLiteDeliveries.fail(result, state: .dead, next: result.at.unixMillis, db)
            }
        }
    }

    public func deliveries(state: DeliveryState?, afterId: Int64?, limit: Int) async throws -> [DeliveryRecord] {
        try await readAside("list deliveries") { db in
            var sql = SQLiteDeliveries.recordSelect + " WHERE d.id > ?"
            var arguments: StatementArguments = [afterId ?? 0]
            if let state {
                sql += " AND d.state = ?"
                arguments += [state.rawValue]
            }
            sql += " ORDER BY d.id LIMIT ?"
            arguments += [max(0, limit)]
            return try Row.fetchAll(db.cachedStatement(sql: sql), arguments: arguments).map(SQLiteDeliveries.record)
        }
    }

    public func retryDelivery(id: Int64, now: Date) async throws -> DeliveryRecord? {
        try await write("retry delivery") { db in
            let millis = now.unixMillis
            try db.cachedStatement(sql: """
                UPDATE deliveries SET state = 'pending', created_at = ?, next_attempt_at = ?,
                    lease_owner = NULL, lease_until = NULL
                WHERE id = ? AND state IN ('failed', 'dead')
                """).execute(arguments: [millis, millis, id])
            let sql = SQLiteDeliveries.recordSelect + " WHERE d.id = ?"
            return try Row.fetchOne(db.cachedStatement(sql: sql), arguments: [id]).map(SQLiteDeliveries.record)
        }
    }

    public func releaseLeases(owner: String) async throws {
        try await write("release leases") { db in
            try db.execute(sql: "UPDATE deliveries SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = ?", arguments: [owner])
        }
    }

    public func outboxStats(endpoints: [String]) async throws -> OutboxStats {
        try await readAside("outbox stats") { db in
            var depth = 0
            var dead = 0
            var oldest: Int64?
            for endpoint in endpoints {
                let open = try Row.fetchOne(db.cachedStatement(sql: """
                    SELECT count(*), min(e.time) FROM deliveries d JOIN events e ON e.id = d.event_id
                    WHERE d.endpoint = ? AND d.state <> 'dead'
                    """), arguments: [endpoint])
                depth += open?[0] ?? 0
                oldest = SQLiteDeliveries.earlier(oldest, open?[1])
                dead += try Int.fetchOne(db.cachedStatement(sql: "SELECT count(*) FROM deliveries WHERE endpoint = ? AND state = 'dead'"), arguments: [endpoint]) ?? 0
                // Committed but not yet fanned out: past the cursor.
                let cursor = try Int64.fetchOne(db.cachedStatement(sql: "SELECT cursor FROM webhook_endpoints WHERE url = ?"), arguments: [endpoint]) ?? Int64.max
                let unread = try Row.fetchOne(db.cachedStatement(sql: "SELECT count(*), min(time) FROM events WHERE id > ?"), arguments: [cursor])
                depth += unread?[0] ?? 0
                oldest = SQLiteDeliveries.earlier(oldest, unread?[1])
            }
            return OutboxStats(depth: depth, dead: dead, oldestUndelivered: oldest.map(Date.init(unixMillis:)))
        }
    }

    public func latestEventId() async throws -> Int64 {
        try await readStatement("latest event") { db in
            try Int64.fetchOne(db.cachedStatement(sql: "SELECT coalesce(max(id), 0) FROM events")) ?? 0
        }
    }
}

/// The SQL of `SQLiteRoomStore`'s deliveries.
enum SQLiteDeliveries {
    /// Moves up to `limit` events past the endpoint's cursor into delivery rows. A new
    /// endpoint starts at the newest event: it receives what happens from now on, not history
    /// (the event stream and polling API serve history).
    static func fanOut(endpoint: String, now: Int64, limit: Int, _ db: Database) throws {
        try register(endpoint, now: now, db)
        guard let cursor = try Int64.fetchOne(db.cachedStatement(sql: "SELECT cursor FROM webhook_endpoints WHERE url = ?"), arguments: [endpoint])
        else { return }
        let events = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT id, coalesce(room_id, '') FROM events WHERE id > ? ORDER BY id LIMIT ?"),
            arguments: [cursor, limit])
        guard let last: Int64 = events.last?[0] else { return }
        let insert = try db.cachedStatement(sql: """
            INSERT INTO deliveries (event_id, endpoint, queue, state, attempts, created_at, next_attempt_at)
            VALUES (?, ?, ?, 'pending', 0, ?, 0) ON CONFLICT (endpoint, event_id) DO NOTHING
            """)
        for event in events {
            try insert.execute(arguments: [event[0] as Int64, endpoint, event[1] as String, now])
        }
        try db.cachedStatement(sql: "UPDATE webhook_endpoints SET cursor = ? WHERE url = ?").execute(arguments: [last, endpoint])
    }

    static func register(_ endpoint: String, now: Int64, _ db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT INTO webhook_endpoints (url, cursor, created_at)
            VALUES (?, (SELECT coalesce(max(id), 0) FROM events), ?) ON CONFLICT (url) DO NOTHING
            """).execute(arguments: [endpoint, now])
    }

    /// The due, unleased head of every (endpoint, queue), oldest event first.
    static func heads(_ claim: DeliveryClaim, _ db: Database) throws -> [ClaimedDelivery] {
        let marks = Array(repeating: "?", count: claim.endpoints.count).joined(separator: ", ")
        let sql = """
            SELECT d.id, d.endpoint, d.attempts, d.created_at, e.id, e.type, e.room_id, e.sequence, e.time, e.payload
            FROM (SELECT endpoint, queue, min(event_id) AS head FROM deliveries
                  WHERE state <> 'dead' AND endpoint IN (\(marks)) GROUP BY endpoint, queue) h
            JOIN deliveries d ON d.endpoint = h.endpoint AND d.event_id = h.head
            JOIN events e ON e.id = d.event_id
            WHERE d.next_attempt_at <= ? AND (d.lease_until IS NULL OR d.lease_until <= ?)
            ORDER BY d.event_id LIMIT ?
            """
        let now = claim.now.unixMillis
        var arguments = StatementArguments(claim.endpoints)
        arguments += [now, now, claim.limit]
        return try Row.fetchAll(db.cachedStatement(sql: sql), arguments: arguments).map { row in
            let payload: String = try row.decode(atIndex: 9)
            let event = StoredEvent(
                id: try row.decode(atIndex: 4), type: try row.decode(atIndex: 5), roomId: try row.decode(atIndex: 6),
                sequence: try row.decode(atIndex: 7), time: Date(unixMillis: try row.decode(atIndex: 8)),
                payload: Data(payload.utf8))
            return ClaimedDelivery(
                id: try row.decode(atIndex: 0), endpoint: try row.decode(atIndex: 1), attempts: try row.decode(atIndex: 2),
                createdAt: Date(unixMillis: try row.decode(atIndex: 3)), event: event)
        }
    }

    static func fail(_ result: DeliveryResult, state: DeliveryState, next: Int64, _ db: Database) throws {
        try db.cachedStatement(sql: """
            UPDATE deliveries SET state = ?, attempts = attempts + 1, next_attempt_at = ?, last_attempt_at = ?,
                last_status = ?, last_error = ?, lease_owner = NULL, lease_until = NULL
            WHERE id = ? AND lease_owner = ?
            """).execute(arguments: [state.rawValue, next, result.at.unixMillis, result.status, result.error, result.id, result.owner])
    }

    static let recordSelect = """
        SELECT d.id, d.event_id, e.type, e.room_id, d.endpoint, d.state, d.attempts, d.created_at,
            d.next_attempt_at, d.last_attempt_at, d.last_status, d.last_error
        FROM deliveries d JOIN events e ON e.id = d.event_id
        """

    static func record(_ row: Row) throws -> DeliveryRecord {
        let stateText: String = try row.decode(atIndex: 5)
        guard let state = DeliveryState(rawValue: stateText) else {
            throw StoreError.corrupt("a delivery has the unknown state \(stateText)")
        }
        let last: Int64? = try row.decode(atIndex: 9)
        return DeliveryRecord(
            id: try row.decode(atIndex: 0), eventId: try row.decode(atIndex: 1), eventType: try row.decode(atIndex: 2),
            roomId: try row.decode(atIndex: 3), endpoint: try row.decode(atIndex: 4), state: state,
            attempts: try row.decode(atIndex: 6), createdAt: Date(unixMillis: try row.decode(atIndex: 7)),
            nextAttemptAt: state == .dead ? nil : Date(unixMillis: try row.decode(atIndex: 8)),
            lastAttemptAt: last.map(Date.init(unixMillis:)), lastStatus: try row.decode(atIndex: 10),
            lastError: try row.decode(atIndex: 11))
    }

    static func earlier(_ a: Int64?, _ b: Int64?) -> Int64? {
        switch (a, b) {
        case (let a?, let b?): min(a, b)
        case (let a?, nil): a
        case (nil, let b): b
        }
    }
}
