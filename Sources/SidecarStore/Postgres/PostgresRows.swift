import Foundation
import PostgresNIO
import SidecarCore

/// Room <-> row mapping for PostgreSQL. Values always travel as bound parameters; the SQL
/// built here contains only column names and `$n` placeholders.
enum PostgresRows {
    /// `INSERT` of `count` rooms: `($1..$20), ($21..$40), ...`, bound by `bind(_:to:)`.
    static func insertSQL(count: Int) -> String {
        let rows = (0..<count).map { row in
            "(" + (1...RoomColumns.count).map { "$\(row * RoomColumns.count + $0)" }.joined(separator: ", ") + ")"
        }
        return "INSERT INTO rooms (\(RoomColumns.list)) VALUES " + rows.joined(separator: ", ")
    }

    /// Every column but the id ($1), which `mutateRoom` never changes.
    static let updateSQL = """
        UPDATE rooms SET owner = $2, live_id = $3, key_hash = $4, key_version = $5, created_at = $6, \
        status = $7, status_since = $8, publisher_client_id = $9, publisher_ip = $10, \
        publisher_since = $11, publisher_stream_id = $12, publisher_server_id = $13, \
        publisher_service_id = $14, publisher_session_id = $15, playable = $16, playable_since = $17, \
        is_private = $18, suspension_reason = $19, suspension_since = $20 WHERE id = $1
        """

    /// Appends the room's 20 columns in `RoomColumns.list` order.
    static func bind(_ room: Room, to binds: inout PostgresBindings) {
        let publisher = room.publisher
        binds.append(room.id)
        binds.append(room.owner)
        binds.append(room.liveId)
        binds.append(room.keyHash)
        binds.append(Int64(room.keyVersion))
        binds.append(room.createdAt.unixMillis)
        binds.append(room.status.rawValue)
        binds.append(room.statusSince.unixMillis)
        binds.append(publisher?.clientId)
        binds.append(publisher?.ip)
        binds.append(publisher?.since.unixMillis)
        binds.append(publisher?.streamId)
        binds.append(publisher?.serverId)
        binds.append(publisher?.serviceId)
        binds.append(publisher?.sessionId)
        binds.append(room.playable)
        binds.append(room.playableSince?.unixMillis)
        binds.append(room.isPrivate)
        binds.append(room.suspension?.reason)
        binds.append(room.suspension?.since.unixMillis)
    }

    static func insert(_ rooms: some Collection<Room>) -> PostgresQuery {
        var binds = PostgresBindings(capacity: rooms.count * RoomColumns.count)
        for room in rooms { bind(room, to: &binds) }
        return PostgresQuery(unsafeSQL: insertSQL(count: rooms.count), binds: binds)
    }

    static func update(_ room: Room) -> PostgresQuery {
        var binds = PostgresBindings(capacity: RoomColumns.count)
        bind(room, to: &binds)
        return PostgresQuery(unsafeSQL: updateSQL, binds: binds)
    }

    /// Decodes a row selected with `RoomColumns.list`.
    static func room(_ row: PostgresRow) throws -> Room {
        let cells = row.makeRandomAccess()
        func value<T: PostgresDecodable>(_ index: Int, as _: T.Type = T.self) throws -> T {
            try cells[index].decode(T.self)
        }
        let id: String = try value(0)
        guard let status = RoomStatus(rawValue: try value(6)) else {
            throw StoreError.corrupt("room \(id) has an unknown status")
        }
        var publisher: Publisher?
        if let clientId: String = try value(8) {
            publisher = Publisher(
                clientId: clientId, ip: try value(9), since: Date(unixMillis: try value(10)),
                streamId: try value(11), serverId: try value(12), serviceId: try value(13),
                sessionId: try value(14))
        }
        var suspension: Suspension?
        if let reason: String = try value(18) {
            suspension = Suspension(reason: reason, since: Date(unixMillis: try value(19)))
        }
        let playableSince: Int64? = try value(16)
        return Room(
            id: id, owner: try value(1), liveId: try value(2), keyHash: try value(3),
            keyVersion: Int(try value(4, as: Int64.self)), createdAt: Date(unixMillis: try value(5)),
            status: status, statusSince: Date(unixMillis: try value(7)), publisher: publisher,
            playable: try value(15), playableSince: playableSince.map(Date.init(unixMillis:)),
            isPrivate: try value(17), suspension: suspension)
    }
}
