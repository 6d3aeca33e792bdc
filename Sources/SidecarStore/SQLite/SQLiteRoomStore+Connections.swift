import Foundation
import GRDB
import SidecarCore

/// Connections (co-hosting) on SQLite.
extension SQLiteRoomStore: ConnectionStore {
    public func createConnection(_ connection: Connection, event: EventDraft) async throws -> CreateConnectionOutcome {
        // The IMMEDIATE transaction holds the write lock: the check and the insert cannot race.
        try await writeConnections("create connection") { db in
            if let open = try Self.fetchConnection(db, "SELECT \(ConnectionColumns.list) FROM connections WHERE room_id = ? AND state <> 'ended'", connection.roomId) {
                return .busy(open)
            }
            try db.cachedStatement(sql: Self.insertConnection).execute(arguments: Self.arguments(connection))
            try self.appendEvents([event], db)
            return .created(connection)
        }
    }

    public func connection(id: String) async throws -> Connection? {
        try await readStatement("read connection") { db in
            try Self.fetchConnection(db, "SELECT \(ConnectionColumns.list) FROM connections WHERE id = ?", id)
        }
    }

    public func connection(liveId: String) async throws -> Connection? {
        try await read("read connection") { db in
            try Self.fetchConnection(db, "SELECT \(ConnectionColumns.list) FROM connections WHERE guest_live_id = ?", liveId)
                ?? Self.fetchConnection(db, "SELECT \(ConnectionColumns.list) FROM connections WHERE mix_live_id = ?", liveId)
        }
    }

    public func openConnection(roomId: String) async throws -> Connection? {
        if let openRooms = openConnectionRooms {
            switch openRooms.hasOpenConnection(roomId: roomId) {
            case false?: return nil
            case true?: break
            case nil:
                let generation = openRooms.generation
                let rooms = try await readStatement("list connections") { db in
                    try Set(String.fetchAll(db.cachedStatement(sql: "SELECT room_id FROM connections WHERE state <> 'ended'")))
                }
                openRooms.keep(rooms, readAt: generation)
                if !rooms.contains(roomId) { return nil }
            }
        }
        return try await readStatement("read connection") { db in
            try Self.fetchConnection(
                db, "SELECT \(ConnectionColumns.list) FROM connections WHERE room_id = ? AND state <> 'ended'", roomId)
        }
    }

    public func connections(roomId: String, limit: Int) async throws -> [Connection] {
        try await readStatement("list connections") { db in
            let sql = "SELECT \(ConnectionColumns.list) FROM connections WHERE room_id = ? ORDER BY created_at DESC, id DESC LIMIT ?"
            return try Row.fetchAll(db.cachedStatement(sql: sql), arguments: [roomId, max(0, limit)]).map(Self.connection)
        }
    }

    public func openConnections() async throws -> [Connection] {
        try await readStatement("list connections") { db in
            let sql = "SELECT \(ConnectionColumns.list) FROM connections WHERE state <> 'ended' ORDER BY id"
            return try Row.fetchAll(db.cachedStatement(sql: sql)).map(Self.connection)
        }
    }

    public func mutateConnection<Result: Sendable>(
        id: String, _ decide: @escaping @Sendable (Connection?) throws -> ConnectionDecision<Result>
    ) async throws -> Result {
        try await writeConnections("mutate connection") { db in
            let current = try Self.fetchConnection(db, "SELECT \(ConnectionColumns.list) FROM connections WHERE id = ?", id)
            let decision = try decide(current)
            try ConnectionColumns.validate(decision.write, current: current)
            if let connection = decision.write, connection != current {
                try db.cachedStatement(sql: Self.updateConnection).execute(arguments: Self.arguments(connection))
            }
            try self.appendEvents(decision.events, db)
            return decision.result
        }
    }

    /// A write of connections: the rooms known to have an open one are forgotten on the write
    /// queue's thread once its batch's transaction has ended (committed or not), before any
    /// caller of the batch resumes, as `write(_:forgetting:_:)` does for rooms and bans.
    private func writeConnections<T: Sendable>(_ action: String, _ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        guard let openConnectionRooms else { return try await write(action, body) }
        return try await write(action, settle: { _ in openConnectionRooms.forget() }, body)
    }

    // MARK: Rows

    private static let insertConnection = """
        INSERT INTO connections (\(ConnectionColumns.list)) VALUES \
        (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)
        """

    private static let updateConnection = """
        UPDATE connections SET room_id = ?2, host_live_id = ?3, guest = ?4, guest_live_id = ?5, \
        guest_key_hash = ?6, mix_live_id = ?7, state = ?8, state_since = ?9, reason = ?10, host_live = ?11, \
        guest_live = ?12, guest_client_id = ?13, mix_live = ?14, mix_client_id = ?15, node = ?16, \
        created_at = ?17, pending_until = ?18, ended_at = ?19 WHERE id = ?1
        """

    private static func arguments(_ c: Connection) -> StatementArguments {
        let values: [(any DatabaseValueConvertible)?] = [
            c.id, c.roomId, c.hostLiveId, c.guest, c.guestLiveId, c.guestKeyHash, c.mixLiveId, c.state.rawValue,
            c.stateSince.unixMillis, c.reason, c.hostLive, c.guestLive, c.guestClientId, c.mixLive, c.mixClientId,
            c.node, c.createdAt.unixMillis, c.pendingUntil.unixMillis, c.endedAt?.unixMillis,
        ]
        return StatementArguments(values)
    }

    private static func fetchConnection(_ db: Database, _ sql: String, _ value: String) throws -> Connection? {
        try Row.fetchOne(db.cachedStatement(sql: sql), arguments: [value]).map(connection)
    }

    private static func connection(_ row: Row) throws -> Connection {
        let id: String = try row.decode(atIndex: 0)
        guard let state = ConnectionState(rawValue: try row.decode(atIndex: 7)) else {
            throw StoreError.corrupt("connection \(id) has an unknown state")
        }
        let endedAt: Int64? = try row.decode(atIndex: 18)
        return Connection(
            id: id, roomId: try row.decode(atIndex: 1), hostLiveId: try row.decode(atIndex: 2), guest: try row.decode(atIndex: 3),
            guestLiveId: try row.decode(atIndex: 4), guestKeyHash: try row.decode(atIndex: 5), mixLiveId: try row.decode(atIndex: 6),
            state: state, stateSince: Date(unixMillis: try row.decode(atIndex: 8)), reason: try row.decode(atIndex: 9),
            hostLive: try row.decode(atIndex: 10), guestLive: try row.decode(atIndex: 11), guestClientId: try row.decode(atIndex: 12),
            mixLive: try row.decode(atIndex: 13), mixClientId: try row.decode(atIndex: 14), node: try row.decode(atIndex: 15),
            createdAt: Date(unixMillis: try row.decode(atIndex: 16)), pendingUntil: Date(unixMillis: try row.decode(atIndex: 17)),
            endedAt: endedAt.map(Date.init(unixMillis:)))
    }
}
