import Foundation
import GRDB
import Logging
import SidecarCore

/// `RoomStore` on one SQLite file, through GRDB: the default backend of a single sidecar.
///
/// A `DatabasePool` in WAL mode: reads run in parallel on reader connections and never wait
/// for the single writer. Writes go through `SQLiteWriteQueue`, one at a time in IMMEDIATE
/// transactions on the writer connection (concurrent ones grouped into one commit, each in
/// its own savepoint), so `mutateRoom`'s read-decide-write cannot interleave with another
/// write, from this process or, up to the busy timeout, from another one.
public final class SQLiteRoomStore: RoomStore, RoomSeeding {
    /// SQLite's `synchronous` setting in WAL mode.
    public enum Synchronous: String, Sendable {
        /// Commits survive a crash or `kill -9` of the process, but the last transactions may
        /// be lost (never corrupted) if the machine loses power. The default: no fsync per commit.
        case normal = "NORMAL"
        /// Every commit is fsynced: also durable across power loss, at a large cost per write.
        case full = "FULL"
    }

    public struct Options: Sendable {
        public var synchronous: Synchronous
        /// How long a write waits for another process holding the write lock.
        public var busyTimeout: TimeInterval
        /// Read connections open at most (see `SQLiteReaders`).
        public var maximumReaderCount: Int
        /// WAL pages (4 KiB) after which a commit copies the WAL back into the database
        /// (SQLite's default is 1,000). Each such checkpoint costs two fsyncs, the only ones
        /// in NORMAL mode: 16,000 (a WAL of up to 64 MiB) made publish/unpublish pairs 1.5x
        /// faster than 1,000 on the build machine, at the price of a longer pause on the
        /// commit that checkpoints. The serving store (`ownsDatabase`) also checkpoints from a
        /// thread of its own (`SQLiteCheckpointer`), which leaves that commit little to do.
        public var walAutocheckpointPages: Int
        /// This store is the only one writing rooms and bans to the file: it takes the file's
        /// `SQLiteOwnerLock` (opening fails if another process holds it) and answers point
        /// reads of rooms and bans, and whether a room has an open connection, from copies its
        /// own writes keep true (`RoomSnapshots`, `OpenConnectionRooms`). It also checkpoints
        /// the WAL in the background (`SQLiteCheckpointer`). The daemon sets it; off by
        /// default, as another process's writes would go unseen.
        public var ownsDatabase: Bool
        /// Rooms (and bans) copied at most when `ownsDatabase`.
        public var snapshotCapacity: Int

        public init(
            synchronous: Synchronous = .normal, busyTimeout: TimeInterval = 5, maximumReaderCount: Int = 4,
            walAutocheckpointPages: Int = 16_000, ownsDatabase: Bool = false, snapshotCapacity: Int = 100_000
        ) {
            self.synchronous = synchronous
            self.busyTimeout = busyTimeout
            self.maximumReaderCount = maximumReaderCount
            self.walAutocheckpointPages = walAutocheckpointPages
            self.ownsDatabase = ownsDatabase
            self.snapshotCapacity = snapshotCapacity
        }
    }

    public let path: String
    let pool: DatabasePool
    let readers: SQLiteReaders
    let logger: Logger
    let writes: SQLiteWriteQueue
    /// Copies of rooms and bans for point reads; nil unless `Options.ownsDatabase`.
    let snapshots: RoomSnapshots?
    /// Rooms with an open connection; nil unless `Options.ownsDatabase`.
    let openConnectionRooms: OpenConnectionRooms?
    /// Rooms the write queue's current batch has changed (see `mutateRoom`).
    let roomsInBatch: RoomsWrittenInBatch
    /// Held for as long as the store lives when `Options.ownsDatabase`.
    let ownerLock: SQLiteOwnerLock?
    /// Checkpoints the WAL off the write queue's thread (the serving store: nil unless
    /// `Options.ownsDatabase`).
    private let checkpointer: SQLiteCheckpointer?
    /// Notified after each commit that appended events.
    public let eventSignal = EventSignal()

    /// Opens (creating if needed) the database file and its parent folder. Does not touch the
    /// schema: call `migrate()`.
    public init(path: String, options: Options = Options(), logger: Logger) throws {
        self.path = path
        self.logger = logger
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw StoreError.unavailable("cannot create the folder \(folder.path) for the SQLite database: \(error.localizedDescription)")
        }
        ownerLock = options.ownsDatabase ? try SQLiteOwnerLock(databasePath: path) : nil
        var config = Configuration()
        config.label = "SidecarStore"
        config.journalMode = .wal
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(options.busyTimeout)
        // The pool's own readers serve nothing but GRDB's internals: reads go to `readers`.
        config.maximumReaderCount = 1
        // Pragmas take no bound parameters; these are an enum's raw value and integers.
        let synchronous = options.synchronous.rawValue
        let checkpointPages = max(1, options.walAutocheckpointPages)
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = \(synchronous)")
            try db.execute(sql: "PRAGMA wal_autocheckpoint = \(checkpointPages)")
            // After a checkpoint, a WAL file grown larger (a bulk load) shrinks back to this.
            try db.execute(sql: "PRAGMA journal_size_limit = \(checkpointPages * 4096 + 1_048_576)")
        }
        do {
            pool = try DatabasePool(path: path, configuration: config)
        } catch {
            throw Self.mapped(error, doing: "open", path: path, opening: true)
        }
        let roomsInBatch = RoomsWrittenInBatch()
        self.roomsInBatch = roomsInBatch
        writes = SQLiteWriteQueue(pool: pool, batchEnded: { roomsInBatch.clear() })
        readers = SQLiteReaders(path: path, busyTimeout: options.busyTimeout, limit: options.maximumReaderCount)
        snapshots = options.ownsDatabase ? RoomSnapshots(capacity: options.snapshotCapacity) : nil
        openConnectionRooms = options.ownsDatabase ? OpenConnectionRooms() : nil
        let writes = writes
        if options.ownsDatabase {
            do {
                checkpointer = try SQLiteCheckpointer(path: path, interval: .milliseconds(200)) { writes.statistics.writes }
            } catch {
                throw Self.mapped(error, doing: "open", path: path, opening: true)
            }
        } else {
            checkpointer = nil
        }
    }

    deinit {
        checkpointer?.stop()
    }

    public func migrate() async throws {
        let migrator = SQLiteMigrations.migrator
        let pool = pool
        do {
            // GRDB's migrator is synchronous: keep it off Swift's cooperative threads.
            try await Self.offPool { try migrator.migrate(pool) }
        } catch {
            throw migrationError(error)
        }
        // A newer sidecar migrated this file: its schema may mean things this code ignores.
        if try await read("check migrations", { db in try migrator.hasBeenSuperseded(db) }) {
            throw StoreError.migrationFailed("the SQLite database at \(path) has a schema newer than this sidecar knows: upgrade the sidecar")
        }
        logger.debug("SQLite schema is up to date", metadata: ["path": "\(path)"])
        try await warmSnapshots()
    }

    private func migrationError(_ error: any Error) -> StoreError {
        let cause = Self.mapped(error, doing: "migrate", path: path)
        if let cause = cause as? StoreError, cause.isUnavailable || cause.isCorrupt { return cause }
        return StoreError.migrationFailed("migrating the SQLite database at \(path) failed: \(cause)")
    }

    /// Appends to the outbox in the caller's transaction and wakes the outbox's followers
    /// once it commits (a rolled-back savepoint inside a committed batch wakes them for
    /// nothing, which is harmless).
    func appendEvents(_ events: [EventDraft], _ db: Database) throws {
        guard !events.isEmpty else { return }
        try SQLiteEvents.append(events, db)
        let signal = eventSignal
        db.afterNextTransaction { _ in signal.notify() }
    }

    // MARK: Transactions

    /// One write transaction, through the write queue. Errors thrown by `body` itself (such
    /// as `mutateRoom`'s `decide`) roll it back and come out unchanged. `afterBody` and
    /// `settle` run on the queue's thread (see `SQLiteWriteQueue.write`).
    ///
    /// With `synchronous = NORMAL` a transaction is CPU work of some 10-50 µs (no fsync), less
    /// than what GRDB's async API spends handing each one to its queue's thread and back (two
    /// thread wake-ups, measured at 50-150 µs on a busy 2-core machine): the queue groups
    /// concurrent writes into one commit and hands off once per group (see `SQLiteWriteQueue`).
    func write<T: Sendable>(
        _ action: String, afterBody: (@Sendable () -> Void)? = nil, settle: (@Sendable (Bool) -> Void)? = nil,
        _ body: @escaping @Sendable (Database) throws -> T
    ) async throws -> T {
        do {
            return try await writes.write(afterBody: afterBody, settle: settle, body)
        } catch {
            throw Self.mapped(error, doing: action, path: path)
        }
    }

    /// A write of rooms or bans: the copies it may change are forgotten on the write queue's
    /// thread right after its body, and again once its batch's transaction has ended
    /// (committed or not: a failed commit may have been half-way), before any caller of the
    /// batch resumes. So a write later in the same batch, or in any later batch, never finds
    /// a copy older than what it would read from the database.
    func write<T: Sendable>(
        _ action: String, forgetting forget: @escaping @Sendable (RoomSnapshots) -> Void,
        _ body: @escaping @Sendable (Database) throws -> T
    ) async throws -> T {
        guard let snapshots else { return try await write(action, body) }
        return try await write(action, afterBody: { forget(snapshots) }, settle: { _ in forget(snapshots) }, body)
    }

    /// One read transaction on a reader connection (a consistent snapshot). Reads in WAL mode
    /// never wait for a lock: they run on the calling task's thread, for the reason given
    /// at `write`.
    func read<T: Sendable>(_ action: String, _ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try readers.read(snapshot: true, body)
        } catch {
            throw Self.mapped(error, doing: action, path: path)
        }
    }

    /// `read`, on a dispatch thread instead of the calling task's: for reads of hundreds or
    /// thousands of rows (the viewer flush's counts, event and delivery pages). Swift's pool
    /// has one thread per core; a read that holds one for milliseconds (the flush's count
    /// read took 5-10 ms for 3,000 rooms) holds up the hooks queued behind it. The hop costs
    /// microseconds, which the point reads of the hooks cannot spare and these reads can.
    func readAside<T: Sendable>(_ action: String, _ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        let readers = readers
        do {
            return try await Self.offPool { try readers.read(snapshot: true, body) }
        } catch {
            throw Self.mapped(error, doing: action, path: path)
        }
    }

    /// Runs synchronous SQLite work on a dispatch thread and waits for it without holding
    /// one of Swift's cooperative threads.
    private static func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<T, any Error>) in
            DispatchQueue.global().async { done.resume(with: Result { try work() }) }
        }
    }

    /// A read of exactly one statement: a single SELECT is its own snapshot in SQLite, so the
    /// explicit BEGIN/COMMIT that `read` wraps around it buys nothing and costs two round
    /// trips through SQLite on the hottest hook paths (`room(liveId:)`, `ban(owner:)`).
    func readStatement<T: Sendable>(_ action: String, _ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try readers.read(snapshot: false, body)
        } catch {
            throw Self.mapped(error, doing: action, path: path)
        }
    }

    /// SQLite's errors as `StoreError`s. SQLite's messages name constraints and columns, never
    /// values (GRDB keeps statement arguments out of its errors by default).
    static func mapped(_ error: any Error, doing action: String, path: String, opening: Bool = false) -> any Error {
        if let error = error as? DatabaseError {
            let detail = error.message ?? "\(error.resultCode)"
            switch error.resultCode {
            case .SQLITE_CONSTRAINT:
                return StoreError.conflict("\(action): \(detail)")
            case .SQLITE_CORRUPT, .SQLITE_NOTADB:
                return StoreError.corrupt("the SQLite database at \(path) is damaged or not a database (\(action)): \(detail)")
            case .SQLITE_BUSY, .SQLITE_LOCKED:
                return StoreError.unavailable("the SQLite database at \(path) stayed locked by another connection (\(action)): \(detail)")
            default:
                let what = opening ? "cannot open the SQLite database at \(path)" : "\(action) failed on the SQLite database at \(path)"
                return StoreError.unavailable("\(what): \(detail)")
            }
        }
        if error is RowDecodingError {
            return StoreError.corrupt("a row of the SQLite database at \(path) cannot be decoded (\(action))")
        }
        return error
    }
}
