import PostgresNIO
import SidecarCore

/// Rooms on PostgreSQL: reads, listing, creation, `mutateRoom` and bulk seeding.
extension PostgresRoomStore {
    public func room(id: String) async throws -> Room? {
        try await fetch("read room", "SELECT \(unescaped: RoomColumns.list) FROM rooms WHERE id = \(id)", PostgresRows.room).first
    }

    public func room(liveId: String) async throws -> Room? {
        try await fetch(
            "read room", "SELECT \(unescaped: RoomColumns.list) FROM rooms WHERE live_id = \(liveId)", PostgresRows.room
        ).first
    }

    public func room(owner: String) async throws -> Room? {
        try await fetch(
            "read room", "SELECT \(unescaped: RoomColumns.list) FROM rooms WHERE owner = \(owner)", PostgresRows.room
        ).first
    }

    public func rooms(status: RoomStatus?, afterId: String?, limit: Int) async throws -> [Room] {
        let columns = RoomColumns.list
        let limit = max(0, limit)
        let query: PostgresQuery
        switch (status?.rawValue, afterId) {
        case (nil, nil):
            query = "SELECT \(unescaped: columns) FROM rooms ORDER BY id LIMIT \(limit)"
        case (let status?, nil):
            query = "SELECT \(unescaped: columns) FROM rooms WHERE status = \(status) ORDER BY id LIMIT \(limit)"
        case (nil, let afterId?):
            query = "SELECT \(unescaped: columns) FROM rooms WHERE id > \(afterId) ORDER BY id LIMIT \(limit)"
        case (let status?, let afterId?):
            query = """
                SELECT \(unescaped: columns) FROM rooms WHERE status = \(status) AND id > \(afterId) \
                ORDER BY id LIMIT \(limit)
                """
        }
        return try await fetch("list rooms", query, PostgresRows.room)
    }

    public func createRoom(_ room: Room, event: EventDraft) async throws -> CreateRoomOutcome {
        let eventsLock = eventsLock
        let logger = logger
        return try await transaction("create room") { conn in
            // ON CONFLICT DO NOTHING waits for a concurrent insert of the same id or owner to
            // commit or roll back, then skips: the row that won is then visible to the next
            // statement. A few rounds cover the case where it was deleted in between.
            for _ in 0..<3 {
                var insert = PostgresRows.insert([room])
                insert.sql += " ON CONFLICT DO NOTHING RETURNING id"
                if try await Self.collect(conn.query(insert, logger: logger), { _ in () }).count == 1 {
                    try await PostgresEvents.append(channel: eventsChannel, [event], lock: eventsLock, conn, logger: logger)
                    return .created(room)
                }
                if let existing = try await Self.room(conn, "id", room.id, logger: logger) {
                    return .existing(existing)
                }
                if let other = try await Self.room(conn, "owner", room.owner, logger: logger) {
                    return .ownerHasRoom(roomId: other.id)
                }
                if try await Self.room(conn, "live_id", room.liveId, logger: logger) != nil {
                    throw StoreError.conflict("create room \(room.id): its live id is already used by another room")
                }
            }
            throw StoreError.conflict("create room \(room.id): kept conflicting with concurrent changes")
        }
    }

    public func mutateRoom<Result: Sendable>(
        _ key: RoomKey,
        _ decide: @escaping @Sendable (Room?) throws -> RoomDecision<Result>
    ) async throws -> Result {
        let eventsLock = eventsLock
        let logger = logger
        return try await transaction("mutate room") { conn in
            // FOR UPDATE: another sidecar's mutateRoom of this room waits here until we commit.
            let current: Room? =
                switch key {
                case .id(let id): try await Self.room(conn, "id", id, forUpdate: true, logger: logger)
                case .liveId(let liveId): try await Self.room(conn, "live_id", liveId, forUpdate: true, logger: logger)
                }
            let decision: RoomDecision<Result>
            do {
                decision = try decide(current)
            } catch {
                throw DecideFailure(error: error)
            }
            try DecisionCheck.validate(decision.write, current: current)
            switch decision.write {
            case .none:
                break
            case .update(let room):
                try await conn.query(PostgresRows.update(room), logger: logger)
            case .delete(let roomId):
                // A room goes with its readiness and viewers; its sequence row stays.
                try await conn.query("DELETE FROM rooms WHERE id = \(roomId)", logger: logger)
                try await conn.query("DELETE FROM readiness WHERE room_id = \(roomId)", logger: logger)
                try await conn.query("DELETE FROM viewers WHERE room_id = \(roomId)", logger: logger)
            }
            try await PostgresEvents.append(channel: eventsChannel, decision.events, lock: eventsLock, conn, logger: logger)
            return decision.result
        }
    }

    /// Multi-row INSERTs of 1,000 rooms (20,000 parameters; the protocol allows 65,535).
    public func bulkInsertRooms(_ rooms: [Room]) async throws {
        let logger = logger
        try await transaction("bulk insert rooms") { conn in
            var start = rooms.startIndex
            while start < rooms.endIndex {
                let end = min(start + 1000, rooms.endIndex)
                try await conn.query(PostgresRows.insert(rooms[start..<end]), logger: logger)
                start = end
            }
        }
    }

    /// One room by a unique column, inside a transaction. `column` is one of our literals.
    static func room(
        _ conn: PostgresConnection, _ column: StaticString, _ value: String, forUpdate: Bool = false, logger: Logger
    ) async throws -> Room? {
        let lock = forUpdate ? " FOR UPDATE" : ""
        let query: PostgresQuery =
            "SELECT \(unescaped: RoomColumns.list) FROM rooms WHERE \(unescaped: "\(column)") = \(value)\(unescaped: lock)"
        return try await collect(conn.query(query, logger: logger), PostgresRows.room).first
    }
}
