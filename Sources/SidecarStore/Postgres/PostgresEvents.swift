import Foundation
import Logging
import PostgresNIO
import SidecarCore

/// The event outbox on PostgreSQL: appended inside the caller's transaction.
enum PostgresEvents {
    /// Before taking ids, a transaction-scoped advisory lock serializes event writers until
    /// they commit. Without it, two transactions could commit ids 11 then 10, and a consumer
    /// that had already read past 11 would never see 10. The lock is taken last in every
    /// transaction (after any room row lock), so it cannot take part in a deadlock.
    ///
    /// `pg_notify` is transactional: every daemon listening on `channel` (see
    /// `PostgresRoomStore.run`) hears of the events when, and only if, they commit.
    static func append(channel: String, _ events: [EventDraft], lock: String, _ conn: PostgresConnection, logger: Logger) async throws {
        guard !events.isEmpty else { return }
        try await conn.query("SELECT pg_advisory_xact_lock(hashtext(\(lock)))", logger: logger)
        try await conn.query("SELECT pg_notify(\(channel), '')", logger: logger)
        let now = Date().unixMillis
        for event in events {
            let type = event.type.rawValue
            let payload = String(decoding: event.payload, as: UTF8.self)
            if let roomId = event.roomId {
                // The sequence row outlives the room, so a re-created room id continues it.
                try await conn.query(
                    """
                    WITH seq AS (
                        INSERT INTO room_sequences (room_id, last_sequence) VALUES (\(roomId), 1)
                        ON CONFLICT (room_id) DO UPDATE SET last_sequence = room_sequences.last_sequence + 1
                        RETURNING last_sequence
                    )
                    INSERT INTO events (type, room_id, sequence, time, payload)
                    SELECT \(type), \(roomId), last_sequence, \(now), \(payload) FROM seq
                    """, logger: logger)
            } else {
                try await conn.query(
                    """
                    INSERT INTO events (type, room_id, sequence, time, payload)
                    VALUES (\(type), NULL, 0, \(now), \(payload))
                    """, logger: logger)
            }
        }
    }

    static func event(_ row: PostgresRow) throws -> StoredEvent {
        let (id, type, roomId, sequence, time, payload) = try row.decode((Int64, String, String?, Int64, Int64, String).self)
        return StoredEvent(
            id: id, type: type, roomId: roomId, sequence: sequence, time: Date(unixMillis: time),
            payload: Data(payload.utf8))
    }
}
