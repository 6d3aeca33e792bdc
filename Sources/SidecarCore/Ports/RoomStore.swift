import Foundation

/// Durable state behind one data-access layer (SQLite by default, PostgreSQL for several
/// sidecars sharing one state). Every method is one transaction; events passed in are
/// written in the same transaction as the change they describe.
public protocol RoomStore: Sendable {
    /// Creates the schema or brings it up to date. Safe to call on every start.
    func migrate() async throws

    /// Inserts `room` unless a room with its id exists (`.existing`) or its owner already has
    /// another room (`.ownerHasRoom`).
    func createRoom(_ room: Room, event: EventDraft) async throws -> CreateRoomOutcome

    func room(id: String) async throws -> Room?
    func room(liveId: String) async throws -> Room?
    func room(owner: String) async throws -> Room?

    /// Rooms ordered by id, after `afterId`, optionally of one status.
    func rooms(status: RoomStatus?, afterId: String?, limit: Int) async throws -> [Room]

    /// Reads the room (locked against concurrent changes, also across processes), lets
    /// `decide` choose what to write, then writes the room and the events atomically.
    /// `decide` runs inside the transaction: it must be quick and do no I/O.
    func mutateRoom<Result: Sendable>(
        _ key: RoomKey,
        _ decide: @escaping @Sendable (Room?) throws -> RoomDecision<Result>
    ) async throws -> Result

    func ban(owner: String) async throws -> Ban?
    func putBan(_ ban: Ban, event: EventDraft) async throws
    /// Removes the ban; returns it, or nil when there was none.
    func deleteBan(owner: String, event: EventDraft) async throws -> Ban?

    func saveReadiness(_ record: ReadinessRecord) async throws
    func readiness(roomId: String) async throws -> ReadinessRecord?

    /// Applies a batch of viewer changes of one sidecar node (write-behind; see
    /// `ViewerRegistry`), with the `viewers.changed` events it reports.
    func saveViewers(node: String, added: [ViewerSession], removed: [ViewerKey], events: [EventDraft]) async throws
    /// Every viewer session a node had recorded, to restore counts after a restart.
    func viewers(node: String) async throws -> [ViewerSession]
    /// Viewers of each room recorded by other nodes (shared PostgreSQL): one read for all
    /// the rooms a viewer flush reports. Rooms without any are absent (0 on a single node).
    func viewerCounts(roomIds: [String], excludingNode node: String) async throws -> [String: Int]

    /// Events after `afterId`, oldest first.
    func events(afterId: Int64, limit: Int) async throws -> [StoredEvent]
}

public enum RoomKey: Sendable, Hashable {
    case id(String)
    case liveId(String)
}

public enum CreateRoomOutcome: Sendable, Equatable {
    case created(Room)
    case existing(Room)
    case ownerHasRoom(roomId: String)
}

/// What `mutateRoom`'s decision writes: the room as it should be, its deletion, or nothing.
public struct RoomDecision<Result: Sendable>: Sendable {
    public enum Write: Sendable {
        case none
        case update(Room)
        case delete(roomId: String)
    }

    public var write: Write
    public var events: [EventDraft]
    public var result: Result

    public init(write: Write, events: [EventDraft] = [], result: Result) {
        self.write = write
        self.events = events
        self.result = result
    }

    public static func unchanged(_ result: Result) -> RoomDecision {
        RoomDecision(write: .none, result: result)
    }
}

/// The latest readiness verdict of a room's publish session.
public struct ReadinessRecord: Sendable, Equatable {
    public var roomId: String
    public var sessionId: String
    public var checkedAt: Date
    public var ready: Bool
    public var reason: String?
    /// The full verdict, JSON.
    public var verdict: Data

    public init(roomId: String, sessionId: String, checkedAt: Date, ready: Bool, reason: String?, verdict: Data) {
        self.roomId = roomId
        self.sessionId = sessionId
        self.checkedAt = checkedAt
        self.ready = ready
        self.reason = reason
        self.verdict = verdict
    }
}

/// A viewer session as SRS reported it in `on_play`.
public struct ViewerSession: Sendable, Equatable, Codable {
    public var roomId: String
    public var clientId: String
    /// `rtmp`, `flv` or `hls`.
    public var kind: String
    public var ip: String
    public var since: Date

    public init(roomId: String, clientId: String, kind: String, ip: String, since: Date) {
        self.roomId = roomId
        self.clientId = clientId
        self.kind = kind
        self.ip = ip
        self.since = since
    }

    public var key: ViewerKey { ViewerKey(roomId: roomId, clientId: clientId) }
}

public struct ViewerKey: Sendable, Hashable, Codable {
    public var roomId: String
    public var clientId: String

    public init(roomId: String, clientId: String) {
        self.roomId = roomId
        self.clientId = clientId
    }
}

extension RoomStore {
    /// Viewer changes that report no event.
    public func saveViewers(node: String, added: [ViewerSession], removed: [ViewerKey]) async throws {
        try await saveViewers(node: node, added: added, removed: removed, events: [])
    }

    /// Viewers of one room recorded by other nodes.
    public func viewerCount(roomId: String, excludingNode node: String) async throws -> Int {
        try await viewerCounts(roomIds: [roomId], excludingNode: node)[roomId] ?? 0
    }
}
