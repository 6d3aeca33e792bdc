import Foundation
import GRDB

/// The store's read connections: read-only SQLite connections beside the pool's writer.
///
/// GRDB's `DatabasePool` runs `PRAGMA schema_version` before every read (to notice another
/// connection changing the schema) and hands its readers out through a semaphore. For the
/// one-row SELECTs of the hook paths that is as much SQLite work again as the SELECT itself:
/// with it, a `/healthz` that reads one row served 14,000 requests/s against 25,000 without
/// the read on the build machine. Our schema only changes in `migrate()`, before any read
/// here, and SQLite itself re-prepares a statement whose schema changed, so these readers
/// skip both. A free connection is taken from a list under a lock and a new one is opened
/// when none is free, up to `limit`: reads are synchronous, so as many run at once as
/// threads run them, and beyond the limit a read waits for a connection to come back.
final class SQLiteReaders: @unchecked Sendable {
    private let path: String
    private let configuration: Configuration
    private let limit: Int
    // Guarded by `condition`.
    private let condition = NSCondition()
    private var idle: [DatabaseQueue] = []
    private var opened = 0

    init(path: String, busyTimeout: TimeInterval, limit: Int) {
        var config = Configuration()
        config.label = "SidecarStore.reader"
        config.readonly = true
        config.foreignKeysEnabled = true
        // A reader waits only while a checkpoint truncates the WAL (`checkpointNow`).
        config.busyMode = .timeout(busyTimeout)
        self.path = path
        self.configuration = config
        self.limit = max(1, limit)
    }

    /// Runs `body` on a reader. With `snapshot`, inside one read transaction (a consistent
    /// view for several statements); without, each statement is its own snapshot.
    func read<T>(snapshot: Bool, _ body: (Database) throws -> T) throws -> T {
        let reader = try take()
        defer { give(reader) }
        return try reader.inDatabase { db in
            guard snapshot else { return try body(db) }
            var value: T?
            try db.inTransaction(.deferred) {
                value = try body(db)
                return .commit
            }
            return value!
        }
    }

    private func take() throws -> DatabaseQueue {
        condition.lock()
        while idle.isEmpty && opened >= limit { condition.wait() }
        if let reader = idle.popLast() {
            condition.unlock()
            return reader
        }
        opened += 1
        condition.unlock()
        do {
            return try DatabaseQueue(path: path, configuration: configuration)
        } catch {
            condition.lock()
            opened -= 1
            condition.signal()
            condition.unlock()
            throw error
        }
    }

    private func give(_ reader: DatabaseQueue) {
        condition.lock()
        idle.append(reader)
        condition.signal()
        condition.unlock()
    }
}
