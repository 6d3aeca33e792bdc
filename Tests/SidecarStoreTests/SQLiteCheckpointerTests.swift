import Foundation
import GRDB
import Testing

@testable import SidecarStore

/// The background checkpointer copies committed WAL pages into the database file, and only
/// after writes. Seen from the outside: the main file grows when the pages are copied (they
/// live only in the WAL until then, as the writer here never checkpoints itself).
@Suite("SQLite background checkpoints")
struct SQLiteCheckpointerTests {
    @Test("pages committed to the WAL reach the database file without the writer checkpointing")
    func copiesCommittedPages() async throws {
        try await Self.withCheckpointer(writes: { 1 }) { path, before in
            let deadline = ContinuousClock.now + .seconds(10)
            while try Self.size(path) <= before + 500_000, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(try Self.size(path) > before + 500_000, "the WAL's pages were not copied into the database file")
            // The copy is the committed data, readable from a fresh connection.
            let count = try await DatabaseQueue(path: path).read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM t") }
            #expect(count == 1_000)
        }
    }

    @Test("no writes since the last tick: no checkpoint")
    func idleTicksDoNothing() async throws {
        // The count of writes never moves from the one the checkpointer starts from.
        try await Self.withCheckpointer(writes: { 0 }) { path, before in
            try await Task.sleep(for: .milliseconds(300))
            #expect(try Self.size(path) == before)
        }
    }

    /// Runs `body` with the database's path and its main file's size before a checkpointer
    /// (ticking every 20 ms, counting `writes`) started on it. The writer stays open
    /// throughout: closing the last connection would checkpoint by itself.
    private static func withCheckpointer(
        writes: @escaping @Sendable () -> Int, _ body: (String, Int) async throws -> Void
    ) async throws {
        let (folder, path, writer) = try walWithRows()
        defer { try? FileManager.default.removeItem(at: folder) }
        let before = try size(path)
        let checkpointer = try SQLiteCheckpointer(path: path, interval: .milliseconds(20), writes: writes)
        defer { checkpointer.stop() }
        try await body(path, before)
        withExtendedLifetime(writer) {}
    }

    /// A WAL database whose writer never checkpoints, with about 1 MB of rows in its WAL.
    private static func walWithRows() throws -> (URL, String, DatabaseQueue) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("checkpointer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("db.sqlite").path
        var config = Configuration()
        config.prepareDatabase { db in try db.execute(sql: "PRAGMA wal_autocheckpoint = 0") }
        let writer = try DatabaseQueue(path: path, configuration: config)
        try writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = WAL") }
        try writer.write { db in
            try db.execute(sql: "CREATE TABLE t (id INTEGER PRIMARY KEY, payload BLOB)")
            for id in 0..<1_000 {
                try db.execute(sql: "INSERT INTO t (id, payload) VALUES (?, randomblob(1000))", arguments: [id])
            }
        }
        return (folder, path, writer)
    }

    private static func size(_ path: String) throws -> Int {
        try (FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    }
}
