import Foundation
import GRDB
import SidecarCore

/// Room <-> row mapping for SQLite. Columns are read by position, in `columns` order: the
/// hot read path skips the name lookups.
enum SQLiteRows {
    static let columns = RoomColumns.list

    /// All statements number their parameters (`?1` is the id, then `RoomColumns.list`
    /// order), so one argument list, `arguments(_:)`, serves them all.
    /// A room id used before continues its event sequence (see `SQLiteEvents`).
    static let insertRoom = """
        INSERT INTO rooms (\(columns), last_sequence) VALUES \
        (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, \
        COALESCE((SELECT last_sequence FROM room_sequences WHERE room_id = ?1), 0))
        """

    /// Every column but the id, which `mutateRoom` never changes.
    static let updateRoom = "UPDATE rooms SET owner = ?2, live_id = ?3, " + updateRest

    /// The same when the owner and live id are unchanged (the common case): SQLite then
    /// leaves their unique indexes alone, two pages fewer to write per transaction.
    static let updateRoomKeepingKeys = "UPDATE rooms SET " + updateRest

    private static let updateRest = """
        key_hash = ?4, key_version = ?5, created_at = ?6, status = ?7, status_since = ?8, \
        publisher_client_id = ?9, publisher_ip = ?10, publisher_since = ?11, publisher_stream_id = ?12, \
        publisher_server_id = ?13, publisher_service_id = ?14, publisher_session_id = ?15, \
        playable = ?16, playable_since = ?17, is_private = ?18, suspension_reason = ?19, \
        suspension_since = ?20 WHERE id = ?1
        """

    static func arguments(_ room: Room) -> StatementArguments {
        let publisher = room.publisher
        let values: [(any DatabaseValueConvertible)?] = [
            room.id, room.owner, room.liveId, room.keyHash, room.keyVersion, room.createdAt.unixMillis,
            room.status.rawValue, room.statusSince.unixMillis,
            publisher?.clientId, publisher?.ip, publisher?.since.unixMillis, publisher?.streamId,
            publisher?.serverId, publisher?.serviceId, publisher?.sessionId,
            room.playable, room.playableSince?.unixMillis, room.isPrivate,
            room.suspension?.reason, room.suspension?.since.unixMillis,
        ]
        return StatementArguments(values)
    }

    /// The room as `room(_:)` reads it back once written: dates to the millisecond. A copy
    /// made from a written room must equal the row, or a later `room == current` comparison
    /// (and an API answer) would differ from one read from the database.
    static func stored(_ room: Room) -> Room {
        func rounded(_ date: Date) -> Date { Date(unixMillis: date.unixMillis) }
        var room = room
        room.createdAt = rounded(room.createdAt)
        room.statusSince = rounded(room.statusSince)
        if let since = room.publisher?.since { room.publisher?.since = rounded(since) }
        room.playableSince = room.playableSince.map(rounded)
        if let since = room.suspension?.since { room.suspension?.since = rounded(since) }
        return room
    }

    /// Decodes a row selected with `columns`. Throwing decodes: a damaged row is a
    /// `StoreError.corrupt`, not a crash.
    static func room(_ row: Row) throws -> Room {
        let id: String = try row.decode(atIndex: 0)
        guard let status = RoomStatus(rawValue: try row.decode(atIndex: 6)) else {
            throw StoreError.corrupt("room \(id) has an unknown status")
        }
        var publisher: Publisher?
        if let clientId: String = try row.decode(atIndex: 8) {
            publisher = Publisher(
                clientId: clientId, ip: try row.decode(atIndex: 9),
                since: Date(unixMillis: try row.decode(atIndex: 10)),
                streamId: try row.decode(atIndex: 11), serverId: try row.decode(atIndex: 12),
                serviceId: try row.decode(atIndex: 13), sessionId: try row.decode(atIndex: 14))
        }
        var suspension: Suspension?
        if let reason: String = try row.decode(atIndex: 18) {
            suspension = Suspension(reason: reason, since: Date(unixMillis: try row.decode(atIndex: 19)))
        }
        let playableSince: Int64? = try row.decode(atIndex: 16)
        return Room(
            id: id, owner: try row.decode(atIndex: 1), liveId: try row.decode(atIndex: 2),
            keyHash: try row.decode(atIndex: 3), keyVersion: try row.decode(atIndex: 4),
            createdAt: Date(unixMillis: try row.decode(atIndex: 5)), status: status,
            statusSince: Date(unixMillis: try row.decode(atIndex: 7)), publisher: publisher,
            playable: try row.decode(atIndex: 15), playableSince: playableSince.map(Date.init(unixMillis:)),
            isPrivate: try row.decode(atIndex: 17), suspension: suspension)
    }
}
