import Algorithms
import Foundation
import PostgresNIO
import SidecarCore

/// Bans, readiness verdicts, viewer sessions and the event outbox on PostgreSQL.
extension PostgresRoomStore {
    // MARK: Bans

    public func ban(owner: String) async throws -> Ban? {
        try await fetch("read ban", "SELECT owner, reason, until, created_at FROM bans WHERE owner = \(owner)", Self.ban)
            .first
    }

    public func putBan(_ ban: Ban, event: EventDraft) async throws {
        let (eventsLock, logger) = (eventsLock, logger)
        try await transaction("put ban") { conn in
            try await conn.query(
                """
                INSERT INTO bans (owner, reason, until, created_at)
                VALUES (\(ban.owner), \(ban.reason), \(ban.until?.unixMillis), \(ban.createdAt.unixMillis))
                ON CONFLICT (owner) DO UPDATE SET
                    reason = excluded.reason, until = excluded.until, created_at = excluded.created_at
                """, logger: logger)
            try await PostgresEvents.append(channel: eventsChannel, [event], lock: eventsLock, conn, logger: logger)
        }
    }

    /// The event is written only when a ban was removed: no change, nothing to report.
    public func deleteBan(owner: String, event: EventDraft) async throws -> Ban? {
        let (eventsLock, logger) = (eventsLock, logger)
        return try await transaction("delete ban") { conn in
            let query: PostgresQuery = "DELETE FROM bans WHERE owner = \(owner) RETURNING owner, reason, until, created_at"
            guard let removed = try await Self.collect(conn.query(query, logger: logger), Self.ban).first else {
                return nil
            }
            try await PostgresEvents.append(channel: eventsChannel, [event], lock: eventsLock, conn, logger: logger)
            return removed
        }
    }

    private static func ban(_ row: PostgresRow) throws -> Ban {
        let (owner, reason, until, createdAt) = try row.decode((String, String, Int64?, Int64).self)
        return Ban(
            owner: owner, reason: reason, until: until.map(Date.init(unixMillis:)), createdAt: Date(unixMillis: createdAt))
    }

    // MARK: Readiness

    public func saveReadiness(_ record: ReadinessRecord) async throws {
        let verdict = String(decoding: record.verdict, as: UTF8.self)
        _ = try await fetch(
            "save readiness",
            """
            INSERT INTO readiness (room_id, session_id, checked_at, ready, reason, verdict)
            VALUES (\(record.roomId), \(record.sessionId), \(record.checkedAt.unixMillis), \(record.ready), \
            \(record.reason), \(verdict))
            ON CONFLICT (room_id) DO UPDATE SET
                session_id = excluded.session_id, checked_at = excluded.checked_at,
                ready = excluded.ready, reason = excluded.reason, verdict = excluded.verdict
            """, { _ in () })
    }

    public func readiness(roomId: String) async throws -> ReadinessRecord? {
        try await fetch(
            "read readiness",
            "SELECT room_id, session_id, checked_at, ready, reason, verdict FROM readiness WHERE room_id = \(roomId)"
        ) { row in
            let (roomId, sessionId, checkedAt, ready, reason, verdict) = try row.decode(
                (String, String, Int64, Bool, String?, String).self)
            return ReadinessRecord(
                roomId: roomId, sessionId: sessionId, checkedAt: Date(unixMillis: checkedAt), ready: ready,
                reason: reason, verdict: Data(verdict.utf8))
        }.first
    }

    // MARK: Viewers

    /// Additions first, then removals (a session joined and left between two flushes ends up
    /// absent), in multi-row statements of at most 1,000 rows.
    public func saveViewers(node: String, added: [ViewerSession], removed: [ViewerKey], events: [EventDraft]) async throws {
        guard !added.isEmpty || !removed.isEmpty || !events.isEmpty else { return }
        // One row per key: a multi-row upsert may not touch the same row twice.
        var latest: [ViewerKey: ViewerSession] = [:]
        for viewer in added { latest[viewer.key] = viewer }
        let upserts = Array(latest.values)
        let logger = logger
        try await transaction("save viewers") { conn in
            for chunk in upserts.chunks(ofCount: 1000) {
                try await conn.query(Self.upsertViewers(node: node, chunk), logger: logger)
            }
            for chunk in removed.chunks(ofCount: 1000) {
                try await conn.query(Self.deleteViewers(node: node, chunk), logger: logger)
            }
            try await PostgresEvents.append(channel: eventsChannel, events, lock: eventsLock, conn, logger: logger)
        }
    }

    public func viewers(node: String) async throws -> [ViewerSession] {
        try await fetch(
            "read viewers",
            "SELECT room_id, client_id, kind, ip, since FROM viewers WHERE node = \(node) ORDER BY room_id, client_id"
        ) { row in
            let (roomId, clientId, kind, ip, since) = try row.decode((String, String, String, String, Int64).self)
            return ViewerSession(roomId: roomId, clientId: clientId, kind: kind, ip: ip, since: Date(unixMillis: since))
        }
    }

    public func viewerCounts(roomIds: [String], excludingNode node: String) async throws -> [String: Int] {
        guard !roomIds.isEmpty else { return [:] }
        let rows = try await fetch(
            "count viewers",
            "SELECT room_id, count(*) FROM viewers WHERE node <> \(node) AND room_id = ANY(\(roomIds)) GROUP BY room_id"
        ) { row in try row.decode((String, Int64).self) }
        return Dictionary(rows.map { ($0.0, Int($0.1)) }, uniquingKeysWith: +)
    }

    /// `INSERT ... VALUES ($1, $2, ..., $6), ($1, $7, ...)`: placeholders only, values bound.
    private static func upsertViewers(node: String, _ viewers: ArraySlice<ViewerSession>) -> PostgresQuery {
        var binds = PostgresBindings(capacity: 1 + viewers.count * 5)
        binds.append(node)
        var rows: [String] = []
        for viewer in viewers {
            let first = binds.count + 1
            rows.append("($1, $\(first), $\(first + 1), $\(first + 2), $\(first + 3), $\(first + 4))")
            binds.append(viewer.roomId)
            binds.append(viewer.clientId)
            binds.append(viewer.kind)
            binds.append(viewer.ip)
            binds.append(viewer.since.unixMillis)
        }
        let sql = """
            INSERT INTO viewers (node, room_id, client_id, kind, ip, since) VALUES \(rows.joined(separator: ", "))
            ON CONFLICT (node, room_id, client_id) DO UPDATE SET
                kind = excluded.kind, ip = excluded.ip, since = excluded.since
            """
        return PostgresQuery(unsafeSQL: sql, binds: binds)
    }

    private static func deleteViewers(node: String, _ keys: ArraySlice<ViewerKey>) -> PostgresQuery {
        var binds = PostgresBindings(capacity: 1 + keys.count * 2)
        binds.append(node)
        var pairs: [String] = []
        for key in keys {
            pairs.append("($\(binds.count + 1), $\(binds.count + 2))")
            binds.append(key.roomId)
            binds.append(key.clientId)
        }
        let sql = "DELETE FROM viewers WHERE node = $1 AND (room_id, client_id) IN (\(pairs.joined(separator: ", ")))"
        return PostgresQuery(unsafeSQL: sql, binds: binds)
    }

    // MARK: Events

    public func events(afterId: Int64, limit: Int) async throws -> [StoredEvent] {
        try await fetch(
            "read events",
            """
            SELECT id, type, room_id, sequence, time, payload FROM events WHERE id > \(afterId) \
            ORDER BY id LIMIT \(max(0, limit))
            """, PostgresEvents.event)
    }
}
