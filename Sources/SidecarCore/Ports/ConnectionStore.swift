import Foundation

/// Connections (co-hosting), behind the same data-access layer as rooms. Every method is one
/// transaction; events passed in are written in the same transaction as the change.
///
/// At most one open (not `ended`) connection per room: the backends enforce it with a
/// unique index, so it holds across sidecars sharing a PostgreSQL database too.
public protocol ConnectionStore: Sendable {
    /// Inserts `connection` unless its room already has an open one (`.busy`).
    func createConnection(_ connection: Connection, event: EventDraft) async throws -> CreateConnectionOutcome

    func connection(id: String) async throws -> Connection?
    /// The connection whose guest or mix stream is `liveId`.
    func connection(liveId: String) async throws -> Connection?
    /// The room's open connection, if any.
    func openConnection(roomId: String) async throws -> Connection?
    /// A room's connections, newest first.
    func connections(roomId: String, limit: Int) async throws -> [Connection]
    /// Every open connection, of every room and node.
    func openConnections() async throws -> [Connection]

    /// Reads the connection (locked against concurrent changes, also across processes), lets
    /// `decide` choose what to write, then writes it and the events atomically. `decide` runs
    /// inside the transaction: it must be quick and do no I/O.
    func mutateConnection<Result: Sendable>(
        id: String, _ decide: @escaping @Sendable (Connection?) throws -> ConnectionDecision<Result>
    ) async throws -> Result
}

public enum CreateConnectionOutcome: Sendable, Equatable {
    case created(Connection)
    /// The room already has this open connection.
    case busy(Connection)
}

/// What `mutateConnection`'s decision writes: the connection as it should be, or nothing.
public struct ConnectionDecision<Result: Sendable>: Sendable {
    /// nil: nothing to write. The id must be the one that was read.
    public var write: Connection?
    public var events: [EventDraft]
    public var result: Result

    public init(write: Connection?, events: [EventDraft] = [], result: Result) {
        self.write = write
        self.events = events
        self.result = result
    }

    public static func unchanged(_ result: Result) -> ConnectionDecision {
        ConnectionDecision(write: nil, result: result)
    }
}
