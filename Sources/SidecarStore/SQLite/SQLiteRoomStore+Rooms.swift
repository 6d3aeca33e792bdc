import GRDB
import SidecarCore

/// Rooms: point reads, listing, creation, `mutateRoom` and bulk seeding.
///
/// Every statement is a cached prepared statement of the connection that runs it, so the hot
/// paths (`room(liveId:)`, `mutateRoom`) parse no SQL after their first call.
extension SQLiteRoomStore {
    public func room(id: String) async throws -> Room? {
        if let copy = snapshots?.room(id: id) { return copy }
        return try await readRoom(.id(id))
    }

    public func room(liveId: String) async throws -> Room? {
        if let copy = snapshots?.room(liveId: liveId) { return copy }
        return try await readRoom(.liveId(liveId))
    }

    /// Reads the room and keeps a copy of it, unless a write came meanwhile. Rooms not
    /// found are not remembered: an unknown stream is rare, and may be a connection's.
    private func readRoom(_ key: RoomKey) async throws -> Room? {
        let generation = snapshots?.generation
        let room = try await readStatement("read room") { db in try Self.fetchRoom(db, key) }
        if let room, let generation { snapshots?.keep(room, readAt: generation) }
        return room
    }

    /// Fills the copies (when this store owns the file) with the live rooms, up to their
    /// capacity, and their owners' bans, in one read: after a restart, SRS's hooks for every
    /// reconnecting publisher and viewer of those rooms arrive at once, and are answered from
    /// memory. Idle rooms are copied as they are used (copying every room would cost some
    /// 2 KB of memory per room for rooms that may never stream), into copies sized for every
    /// room the database holds (`RoomSnapshots.reserve`).
    func warmSnapshots() async throws {
        guard let snapshots else { return }
        let started = ContinuousClock.now
        let generation = snapshots.generation
        let limit = snapshots.capacity
        let (count, rooms, bans) = try await read("load rooms") { db in
            let count = try Int.fetchOne(db.cachedStatement(sql: "SELECT count(*) FROM rooms")) ?? 0
            let rooms = try Row.fetchAll(
                db.cachedStatement(sql: "SELECT \(SQLiteRows.columns) FROM rooms WHERE \(Self.isLive) LIMIT ?"),
                arguments: [limit]
            ).map(SQLiteRows.room)
            let bans = try Row.fetchAll(db.cachedStatement(sql: "SELECT \(Self.banColumns) FROM bans")).map(Self.ban)
            return (count, rooms, bans)
        }
        snapshots.reserve(rooms: count)
        snapshots.keep(rooms: rooms, bans: bans, readAt: generation)
        logger.debug("live rooms copied into memory", metadata: [
            "rooms": "\(rooms.count)", "duration": "\(ContinuousClock.now - started)"])
    }

    public func room(owner: String) async throws -> Room? {
        try await readStatement("read room") { db in try Self.fetchRoom(db, sql: Self.byOwner, owner) }
    }

    public func rooms(status: RoomStatus?, afterId: String?, limit: Int) async throws -> [Room] {
        // One of six fixed statements, so each variant is prepared once and uses an index:
        // the live rooms' partial index for live rooms, the primary key otherwise. The status
        // is written into the SQL: SQLite uses a partial index only for a query whose WHERE
        // implies the index's own, which a bound parameter cannot.
        var conditions: [String] = []
        var arguments: [(any DatabaseValueConvertible)?] = []
        switch status {
        case .live: conditions.append(Self.isLive)
        case .idle: conditions.append("status = 'idle'")
        case nil: break
        }
        if let afterId {
            conditions.append("id > ?")
            arguments.append(afterId)
        }
        arguments.append(max(0, limit))
        let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        let sql = "SELECT \(SQLiteRows.columns) FROM rooms\(filter) ORDER BY id LIMIT ?"
        let bound = StatementArguments(arguments)
        return try await readStatement("list rooms") { db in
            try Row.fetchAll(db.cachedStatement(sql: sql), arguments: bound).map(SQLiteRows.room)
        }
    }

    public func createRoom(_ room: Room, event: EventDraft) async throws -> CreateRoomOutcome {
        // The IMMEDIATE write transaction holds SQLite's write lock from the start, so the
        // checks and the insert cannot race another create, in this process or another.
        try await write("create room", forgetting: { $0.forget(room: .id(room.id)) }) { db in
            if let existing = try Self.fetchRoom(db, .id(room.id)) {
                return .existing(existing)
            }
            if let other = try Self.fetchRoom(db, sql: Self.byOwner, room.owner) {
                return .ownerHasRoom(roomId: other.id)
            }
            try db.cachedStatement(sql: SQLiteRows.insertRoom).execute(arguments: SQLiteRows.arguments(room))
            try self.appendEvents([event], db)
            return .created(room)
        }
    }

    /// With the copies (`Options.ownsDatabase`) the room is read from its copy when there is
    /// one that no earlier write of the same batch has changed, and after the commit its copy
    /// is replaced by the room as written: the next hook of a publish (its `on_unpublish`, say)
    /// finds it in memory. Both happen on the write queue's thread, in commit order, so a copy
    /// is never older than the committed row when a write reads it (see `RoomsWrittenInBatch`).
    public func mutateRoom<Result: Sendable>(
        _ key: RoomKey,
        _ decide: @escaping @Sendable (Room?) throws -> RoomDecision<Result>
    ) async throws -> Result {
        guard let snapshots else {
            return try await write("mutate room") { db in
                try self.apply(decide, to: Self.fetchRoom(db, key), db).result
            }
        }
        let roomsInBatch = roomsInBatch
        let mutation = Mutation()
        return try await write("mutate room", afterBody: { roomsInBatch.insert(key, mutation) }, settle: { committed in
            // Keyed as asked and by id: a deleted or renamed room's copy goes by both.
            guard committed, let write = mutation.write else {
                snapshots.forget(room: key)
                if let id = mutation.current?.id { snapshots.forget(room: .id(id)) }
                return
            }
            switch write {
            case .none: break
            case .update(let room): snapshots.replace(key, with: SQLiteRows.stored(room))
            case .delete(let id):
                snapshots.forget(room: key)
                snapshots.forget(room: .id(id))
            }
        }) { db in
            let copy = snapshots.room(key).flatMap { roomsInBatch.contains(key, id: $0.id) ? nil : $0 }
            let current = try copy ?? Self.fetchRoom(db, key)
            mutation.current = current
            let (result, write) = try self.apply(decide, to: current, db)
            mutation.write = write
            return result
        }
    }

    /// `mutateRoom`'s transaction once the room is read: what it wrote (`.none` when the
    /// decision left the room as it was).
    private func apply<Result>(
        _ decide: (Room?) throws -> RoomDecision<Result>, to current: Room?, _ db: Database
    ) throws -> (result: Result, write: RoomWrite) {
        let decision = try decide(current)
        try DecisionCheck.validate(decision.write, current: current)
        let written: RoomWrite
        switch decision.write {
        case .none:
            written = .none
        case .update(let room) where room == current:
            written = .none  // nothing to write
        case .update(let room):
            let keysKept = room.owner == current?.owner && room.liveId == current?.liveId
            let sql = keysKept ? SQLiteRows.updateRoomKeepingKeys : SQLiteRows.updateRoom
            try db.cachedStatement(sql: sql).execute(arguments: SQLiteRows.arguments(room))
            written = .update(room)
        case .delete(let roomId):
            try Self.deleteRoom(roomId, db)
            written = .delete(roomId)
        }
        try appendEvents(decision.events, db)
        return (decision.result, written)
    }

    /// Then checkpoints and truncates the WAL: a large load would otherwise leave a WAL of
    /// its size behind, and the next writes would pay for copying it into the database. The
    /// rooms are committed by then, so a failed checkpoint (readers in the way) only logs.
    public func bulkInsertRooms(_ rooms: [Room]) async throws {
        try await write("bulk insert rooms") { db in
            let insert = try db.cachedStatement(sql: SQLiteRows.insertRoom)
            for room in rooms {
                try insert.execute(arguments: SQLiteRows.arguments(room))
            }
        }
        do {
            try await pool.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
        } catch {
            logger.info("no WAL checkpoint after a bulk insert", metadata: ["error": "\(Self.mapped(error, doing: "checkpoint", path: path))"])
        }
    }

    // MARK: Helpers run inside a transaction

    /// The condition of the `rooms_live` partial index, word for word.
    static let isLive = "status = 'live'"
    private static let byId = "SELECT \(SQLiteRows.columns) FROM rooms WHERE id = ?"
    private static let byLiveId = "SELECT \(SQLiteRows.columns) FROM rooms WHERE live_id = ?"
    private static let byOwner = "SELECT \(SQLiteRows.columns) FROM rooms WHERE owner = ?"

    static func fetchRoom(_ db: Database, _ key: RoomKey) throws -> Room? {
        switch key {
        case .id(let id): try fetchRoom(db, sql: byId, id)
        case .liveId(let liveId): try fetchRoom(db, sql: byLiveId, liveId)
        }
    }

    private static func fetchRoom(_ db: Database, sql: String, _ value: String) throws -> Room? {
        // A cursor's row reads the statement's columns in place; `Row.fetchOne` would copy
        // all 20 into a new row first.
        let cursor = try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: [value])
        return try cursor.next().map(SQLiteRows.room)
    }

    /// A room goes with its readiness and viewer rows; its last event sequence stays, in
    /// `room_sequences` (see migration v5).
    private static func deleteRoom(_ roomId: String, _ db: Database) throws {
        for sql in [
            SQLiteEvents.keepSequence,
            "DELETE FROM rooms WHERE id = ?",
            "DELETE FROM readiness WHERE room_id = ?",
            "DELETE FROM viewers WHERE room_id = ?",
        ] {
            try db.cachedStatement(sql: sql).execute(arguments: [roomId])
        }
    }
}
