import Foundation
import GRDB
import SidecarCore

/// The event outbox on SQLite: appended inside the caller's write transaction.
enum SQLiteEvents {
    /// Bumps the room's sequence in its row (which the transaction has usually just written:
    /// no other page to change) and returns the new value.
    private static let bump = "UPDATE rooms SET last_sequence = last_sequence + 1 WHERE id = ? RETURNING last_sequence"
    /// The same for a room deleted in this transaction or before (`room.closed`): its last
    /// sequence was moved to `room_sequences` (`keepSequence`), which outlives the room.
    private static let bumpDeleted = """
        INSERT INTO room_sequences (room_id, last_sequence) VALUES (?, 1)
        ON CONFLICT (room_id) DO UPDATE SET last_sequence = last_sequence + 1
        RETURNING last_sequence
        """
    /// Run before a room's row is deleted.
    static let keepSequence = """
        INSERT INTO room_sequences (room_id, last_sequence) SELECT id, last_sequence FROM rooms WHERE id = ?
        ON CONFLICT (room_id) DO UPDATE SET last_sequence = excluded.last_sequence
        """
    private static let insert = "INSERT INTO events (type, room_id, sequence, time, payload) VALUES (?, ?, ?, ?, ?)"

    /// Ids come from AUTOINCREMENT; SQLite's single writer commits them in id order, so a
    /// reader polling `events(afterId:)` never skips one.
    static func append(_ events: [EventDraft], _ db: Database) throws {
        guard !events.isEmpty else { return }
        let now = Date().unixMillis
        for event in events {
            var sequence: Int64 = 0  // events without a room
            if let roomId = event.roomId {
                let next = try Int64.fetchOne(db.cachedStatement(sql: bump), arguments: [roomId])
                    ?? Int64.fetchOne(db.cachedStatement(sql: bumpDeleted), arguments: [roomId])
                guard let next else { throw StoreError.corrupt("room_sequences returned no value for room \(roomId)") }
                sequence = next
            }
            let payload = String(decoding: event.payload, as: UTF8.self)
            try db.cachedStatement(sql: insert).execute(
                arguments: [event.type.rawValue, event.roomId, sequence, now, payload])
        }
    }

    static func list(afterId: Int64, limit: Int, _ db: Database) throws -> [StoredEvent] {
        let sql = "SELECT id, type, room_id, sequence, time, payload FROM events WHERE id > ? ORDER BY id LIMIT ?"
        return try Row.fetchAll(db.cachedStatement(sql: sql), arguments: [afterId, max(0, limit)]).map { row in
            let payload: String = try row.decode(atIndex: 5)
            return StoredEvent(
                id: try row.decode(atIndex: 0), type: try row.decode(atIndex: 1), roomId: try row.decode(atIndex: 2),
                sequence: try row.decode(atIndex: 3), time: Date(unixMillis: try row.decode(atIndex: 4)),
                payload: Data(payload.utf8))
        }
    }
}
