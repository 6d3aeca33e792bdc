import Foundation
import PostgresNIO
import SidecarCore

/// Connections (co-hosting) on PostgreSQL.
extension PostgresRoomStore: ConnectionStore {
    public func createConnection(_ connection: Connection, event: EventDraft) async throws -> CreateConnectionOutcome {
        let (eventsLock, logger) = (eventsLock, logger)
        return try await transaction("create connection") { conn in
            // The partial unique index on open connections makes a concurrent insert for the
            // same room wait, then skip: the winner is visible to the next statement.
            for _ in 0..<3 {
                var insert = Self.insertConnection(connection)
                insert.sql += " ON CONFLICT DO NOTHING RETURNING id"
                if try await Self.collect(conn.query(insert, logger: logger), { _ in () }).count == 1 {
                    try await PostgresEvents.append(channel: eventsChannel, [event], lock: eventsLock, conn, logger: logger)
                    return .created(connection)
                }
                let query: PostgresQuery = """
                    SELECT \(unescaped: ConnectionColumns.list) FROM connections \
                    WHERE room_id = \(connection.roomId) AND state <> 'ended'
                    """
                if let open = try await Self.collect(conn.query(query, logger: logger), Self.connection).first {
                    return .busy(open)
                }
            }
            throw StoreError.conflict("create connection \(connection.id): its stream names are already used")
        }
    }

    public func connection(id: String) async throws -> Connection? {
        try await fetch(
            "read connection", "SELECT \(unescaped: ConnectionColumns.list) FROM connections WHERE id = \(id)", Self.connection
        ).first
    }

    public func connection(liveId: String) async throws -> Connection? {
        try await fetch(
            "read connection",
            """
            SELECT \(unescaped: ConnectionColumns.list) FROM connections \
            WHERE guest_live_id = \(liveId) OR mix_live_id = \(liveId)
            """, Self.connection
        ).first
    }

    public func openConnection(roomId: String) async throws -> Connection? {
        try await fetch(
            "read connection",
            "SELECT \(unescaped: ConnectionColumns.list) FROM connections WHERE room_id = \(roomId) AND state <> 'ended'",
            Self.connection
        ).first
    }

    public func connections(roomId: String, limit: Int) async throws -> [Connection] {
        try await fetch(
            "list connections",
            """
            SELECT \(unescaped: ConnectionColumns.list) FROM connections WHERE room_id = \(roomId) \
            ORDER BY created_at DESC, id DESC LIMIT \(max(0, limit))
            """, Self.connection)
    }

    public func openConnections() async throws -> [Connection] {
        try await fetch(
            "list connections",
            "SELECT \(unescaped: ConnectionColumns.list) FROM connections WHERE state <> 'ended' ORDER BY id", Self.connection)
    }

    public func mutateConnection<Result: Sendable>(
        id: String, _ decide: @escaping @Sendable (Connection?) throws -> ConnectionDecision<Result>
    ) async throws -> Result {
        let (eventsLock, logger) = (eventsLock, logger)
        return try await transaction("mutate connection") { conn in
            // FOR UPDATE: another sidecar's change of this connection waits until we commit.
            let query: PostgresQuery = "SELECT \(unescaped: ConnectionColumns.list) FROM connections WHERE id = \(id) FOR UPDATE"
            let current = try await Self.collect(conn.query(query, logger: logger), Self.connection).first
            let decision: ConnectionDecision<Result>
            do {
                decision = try decide(current)
            } catch {
                throw DecideFailure(error: error)
            }
            try ConnectionColumns.validate(decision.write, current: current)
            if let connection = decision.write, connection != current {
                try await conn.query(Self.updateConnection(connection), logger: logger)
            }
            try await PostgresEvents.append(channel: eventsChannel, decision.events, lock: eventsLock, conn, logger: logger)
            return decision.result
        }
    }

    // MARK: Rows

    private static func bind(_ c: Connection) -> PostgresBindings {
        var binds = PostgresBindings(capacity: ConnectionColumns.count)
        binds.append(c.id)
        binds.append(c.roomId)
        binds.append(c.hostLiveId)
        binds.append(c.guest)
        binds.append(c.guestLiveId)
        binds.append(c.guestKeyHash)
        binds.append(c.mixLiveId)
        binds.append(c.state.rawValue)
        binds.append(c.stateSince.unixMillis)
        binds.append(c.reason)
        binds.append(c.hostLive)
        binds.append(c.guestLive)
        binds.append(c.guestClientId)
        binds.append(c.mixLive)
        binds.append(c.mixClientId)
        binds.append(c.node)
        binds.append(c.createdAt.unixMillis)
        binds.append(c.pendingUntil.unixMillis)
        binds.append(c.endedAt?.unixMillis)
        return binds
    }

    private static func insertConnection(_ c: Connection) -> PostgresQuery {
        let placeholders = (1...ConnectionColumns.count).map { "$\($0)" }.joined(separator: ", ")
        return PostgresQuery(
            unsafeSQL: "INSERT INTO connections (\(ConnectionColumns.list)) VALUES (\(placeholders))", binds: bind(c))
    }

    private static func updateConnection(_ c: Connection) -> PostgresQuery {
        PostgresQuery(
            unsafeSQL: """
                UPDATE connections SET room_id = $2, host_live_id = $3, guest = $4, guest_live_id = $5, \
                guest_key_hash = $6, mix_live_id = $7, state = $8, state_since = $9, reason = $10, host_live = $11, \
                guest_live = $12, guest_client_id = $13, mix_live = $14, mix_client_id = $15, node = $16, \
                created_at = $17, pending_until = $18, ended_at = $19 WHERE id = $1
                """, binds: bind(c))
    }

    private static func connection(_ row: PostgresRow) throws -> Connection {
        let cells = row.makeRandomAccess()
        func value<T: PostgresDecodable>(_ index: Int, as _: T.Type = T.self) throws -> T {
            try cells[index].decode(T.self)
        }
        let id: String = try value(0)
        guard let state = ConnectionState(rawValue: try value(7)) else {
            throw StoreError.corrupt("connection \(id) has an unknown state")
        }
        let endedAt: Int64? = try value(18)
        return Connection(
            id: id, roomId: try value(1), hostLiveId: try value(2), guest: try value(3), guestLiveId: try value(4),
            guestKeyHash: try value(5), mixLiveId: try value(6), state: state,
            stateSince: Date(unixMillis: try value(8)), reason: try value(9), hostLive: try value(10),
            guestLive: try value(11), guestClientId: try value(12), mixLive: try value(13), mixClientId: try value(14),
            node: try value(15), createdAt: Date(unixMillis: try value(16)), pendingUntil: Date(unixMillis: try value(17)),
            endedAt: endedAt.map(Date.init(unixMillis:)))
    }
}
