import Algorithms
import Foundation
import GRDB
import SidecarCore

/// Bans, readiness verdicts, viewer sessions and the event outbox.
extension SQLiteRoomStore {
    // MARK: Bans

    public func ban(owner: String) async throws -> Ban? {
        if let copy = snapshots?.ban(owner: owner) { return copy }
        let generation = snapshots?.generation
        let ban = try await readStatement("read ban") { db in
            let sql = "SELECT \(Self.banColumns) FROM bans WHERE owner = ?"
            return try Row.fetchOne(db.cachedStatement(sql: sql), arguments: [owner]).map(Self.ban)
        }
        if let generation { snapshots?.keep(ban: ban, owner: owner, readAt: generation) }
        return ban
    }

    public func putBan(_ ban: Ban, event: EventDraft) async throws {
        try await write("put ban", forgetting: { $0.forget(banOf: ban.owner) }) { db in
            let sql = """
                INSERT INTO bans (owner, reason, until, created_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (owner) DO UPDATE SET
                    reason = excluded.reason, until = excluded.until, created_at = excluded.created_at
                """
            try db.cachedStatement(sql: sql).execute(
                arguments: [ban.owner, ban.reason, ban.until?.unixMillis, ban.createdAt.unixMillis])
            try self.appendEvents([event], db)
        }
    }

    /// The event is written only when a ban was removed: no change, nothing to report.
    public func deleteBan(owner: String, event: EventDraft) async throws -> Ban? {
        try await write("delete ban", forgetting: { $0.forget(banOf: owner) }) { db in
            let sql = "DELETE FROM bans WHERE owner = ? RETURNING \(Self.banColumns)"
            guard let removed = try Row.fetchOne(db.cachedStatement(sql: sql), arguments: [owner]).map(Self.ban) else {
                return nil
            }
            try self.appendEvents([event], db)
            return removed
        }
    }

    /// The columns `ban(_:)` reads, by position, in this order.
    static let banColumns = "owner, reason, until, created_at"

    static func ban(_ row: Row) throws -> Ban {
        let until: Int64? = try row.decode(atIndex: 2)
        return Ban(
            owner: try row.decode(atIndex: 0), reason: try row.decode(atIndex: 1),
            until: until.map(Date.init(unixMillis:)), createdAt: Date(unixMillis: try row.decode(atIndex: 3)))
    }

    // MARK: Readiness

    public func saveReadiness(_ record: ReadinessRecord) async throws {
        try await write("save readiness") { db in
            let sql = """
                INSERT INTO readiness (room_id, session_id, checked_at, ready, reason, verdict)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (room_id) DO UPDATE SET
                    session_id = excluded.session_id, checked_at = excluded.checked_at,
                    ready = excluded.ready, reason = excluded.reason, verdict = excluded.verdict
                """
            try db.cachedStatement(sql: sql).execute(arguments: [
                record.roomId, record.sessionId, record.checkedAt.unixMillis, record.ready, record.reason,
                String(decoding: record.verdict, as: UTF8.self),
            ])
        }
    }

    public func readiness(roomId: String) async throws -> ReadinessRecord? {
        try await read("read readiness") { db in
            let sql = "SELECT room_id, session_id, checked_at, ready, reason, verdict FROM readiness WHERE room_id = ?"
            return try Row.fetchOne(db.cachedStatement(sql: sql), arguments: [roomId]).map { row in
                let verdict: String = try row.decode(atIndex: 5)
                return ReadinessRecord(
                    roomId: try row.decode(atIndex: 0), sessionId: try row.decode(atIndex: 1),
                    checkedAt: Date(unixMillis: try row.decode(atIndex: 2)), ready: try row.decode(atIndex: 3),
                    reason: try row.decode(atIndex: 4), verdict: Data(verdict.utf8))
            }
        }
    }

    // MARK: Viewers

    /// Additions first, then removals: a session both added and removed in one batch (joined
    /// and left between two flushes) ends up absent.
    public func saveViewers(node: String, added: [ViewerSession], removed: [ViewerKey], events: [EventDraft]) async throws {
        guard !added.isEmpty || !removed.isEmpty || !events.isEmpty else { return }
        try await write("save viewers") { db in
            let upsert = try db.cachedStatement(sql: """
                INSERT INTO viewers (node, room_id, client_id, kind, ip, since) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (node, room_id, client_id) DO UPDATE SET
                    kind = excluded.kind, ip = excluded.ip, since = excluded.since
                """)
            for viewer in added {
                try upsert.execute(arguments: [
                    node, viewer.roomId, viewer.clientId, viewer.kind, viewer.ip, viewer.since.unixMillis,
                ])
            }
            let delete = try db.cachedStatement(
                sql: "DELETE FROM viewers WHERE node = ? AND room_id = ? AND client_id = ?")
            for key in removed {
                try delete.execute(arguments: [node, key.roomId, key.clientId])
            }
            try self.appendEvents(events, db)
        }
    }

    public func viewers(node: String) async throws -> [ViewerSession] {
        try await readAside("read viewers") { db in
            let sql = """
                SELECT room_id, client_id, kind, ip, since FROM viewers WHERE node = ? ORDER BY room_id, client_id
                """
            return try Row.fetchAll(db.cachedStatement(sql: sql), arguments: [node]).map { row in
                ViewerSession(
                    roomId: try row.decode(atIndex: 0), clientId: try row.decode(atIndex: 1),
                    kind: try row.decode(atIndex: 2), ip: try row.decode(atIndex: 3),
                    since: Date(unixMillis: try row.decode(atIndex: 4)))
            }
        }
    }

    public func viewerCounts(roomIds: [String], excludingNode node: String) async throws -> [String: Int] {
        guard !roomIds.isEmpty else { return [:] }
        return try await readAside("count viewers") { db in
            var counts: [String: Int] = [:]
            // Most stores have one node: then two index seeks answer instead of one lookup per
            // room (some 2 µs each, thousands per flush on a busy node).
            let othersExist = try Bool.fetchOne(
                db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM viewers WHERE node < ?1 OR node > ?1)"),
                arguments: [node]) ?? true
            guard othersExist else { return counts }
            // A few hundred rooms per statement, far below SQLite's limit on bound values.
            // Full chunks share one cached statement; the last, shorter one is prepared once
            // (caching every length would keep up to `chunk` statements alive).
            let chunk = 256
            for ids in roomIds.chunks(ofCount: chunk) {
                let marks = repeatElement("?", count: ids.count).joined(separator: ",")
                let sql = "SELECT room_id, count(*) FROM viewers WHERE node <> ? AND room_id IN (\(marks)) GROUP BY room_id"
                let statement = ids.count == chunk ? try db.cachedStatement(sql: sql) : try db.makeStatement(sql: sql)
                let arguments = StatementArguments([node] + ids.map { $0 as any DatabaseValueConvertible })
                for row in try Row.fetchAll(statement, arguments: arguments) {
                    counts[try row.decode(atIndex: 0)] = try row.decode(atIndex: 1)
                }
            }
            return counts
        }
    }

    // MARK: Events

    public func events(afterId: Int64, limit: Int) async throws -> [StoredEvent] {
        try await readAside("read events") { db in try SQLiteEvents.list(afterId: afterId, limit: limit, db) }
    }
}
