import Foundation
import GRDB
import SidecarCore
import Testing

@testable import SidecarStore

/// What only the SQLite backend has: a file, its folder, its pragmas.
@Suite struct SQLiteStoreTests {
    @Test func stateSurvivesReopening() async throws {
        try await withTemporaryFolder { folder in
            let path = folder + "/rooms.sqlite"
            let room = makeRoom("r1")
            do {
                let store = try SQLiteRoomStore(path: path, logger: testLogger)
                try await store.migrate()
                try await store.create(room)
            }
            let reopened = try SQLiteRoomStore(path: path, logger: testLogger)
            try await reopened.migrate()
            #expect(try await reopened.room(liveId: "live-r1") == room)
            #expect(try await reopened.allEvents().count == 1)
        }
    }

    /// v5 moved a room's event sequence into its row: a file written before keeps counting,
    /// for rooms that exist and for deleted ones, and lists live rooms through the new index.
    @Test func sequencesWrittenBeforeV5Continue() async throws {
        try await withTemporaryFolder { folder in
            let path = folder + "/rooms.sqlite"
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                let queue = try DatabaseQueue(path: path)
                try SQLiteMigrations.migrator.migrate(queue, upTo: "v4-connections")
                try await queue.write { db in
                    let placeholders = (1...20).map { "?\($0)" }.joined(separator: ", ")
                    try db.execute(
                        sql: "INSERT INTO rooms (\(SQLiteRows.columns)) VALUES (\(placeholders))",
                        arguments: SQLiteRows.arguments(makeRoom("r1", status: .live)))
                    try db.execute(sql: "INSERT INTO room_sequences (room_id, last_sequence) VALUES ('r1', 7), ('gone', 3)")
                }
            }
            let store = try SQLiteRoomStore(path: path, logger: testLogger)
            try await store.migrate()
            try await store.mutateRoom(.id("r1")) { _ in RoomDecision(write: .none, events: [note("r1")], result: ()) }
            try await store.mutateRoom(.id("gone")) { _ in RoomDecision(write: .none, events: [note("gone")], result: ()) }
            try await store.create(makeRoom("gone"))
            #expect(try await store.allEvents().map { "\($0.roomId ?? "-"):\($0.sequence)" } == ["r1:8", "gone:4", "gone:5"])
            #expect(try await store.rooms(status: .live, afterId: nil, limit: 10).map(\.id) == ["r1"])
            #expect(try await store.rooms(status: .idle, afterId: nil, limit: 10).map(\.id) == ["gone"])
            let plan = try await store.read("plan") { db in
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN SELECT id FROM rooms WHERE \(SQLiteRoomStore.isLive) AND id > ? ORDER BY id LIMIT 1", arguments: ["a"])
                    .map { row -> String in row["detail"] }
            }
            #expect(plan.contains { $0.contains("rooms_live") }, "\(plan)")
        }
    }

    @Test func missingFoldersAreCreated() async throws {
        try await withTemporaryFolder { folder in
            let path = folder + "/a/b/c/rooms.sqlite"
            let store = try StoreFactory.open(path, logger: testLogger)
            try await store.migrate()
            #expect(FileManager.default.fileExists(atPath: path))
        }
    }

    @Test func aDirectoryIsUnavailableWithAClearMessage() async throws {
        try await withTemporaryFolder { folder in
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let error = #expect(throws: StoreError.self) {
                let store = try SQLiteRoomStore(path: folder, logger: testLogger)
                // Some SQLite builds open lazily: the first real access must fail the same way.
                try store.pool.read { db in _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") }
            }
            #expect(error?.isUnavailable == true, "\(String(describing: error))")
            #expect(error?.description.contains(folder) == true, "\(String(describing: error))")
        }
    }

    @Test func aFileWhereTheFolderShouldBeIsUnavailable() async throws {
        try await withTemporaryFolder { folder in
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try Data("x".utf8).write(to: URL(fileURLWithPath: folder + "/file"))
            let error = #expect(throws: StoreError.self) {
                _ = try SQLiteRoomStore(path: folder + "/file/rooms.sqlite", logger: testLogger)
            }
            #expect(error?.isUnavailable == true, "\(String(describing: error))")
        }
    }

    @Test func aFileThatIsNotADatabaseIsCorrupt() async throws {
        try await withTemporaryFolder { folder in
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let path = folder + "/rooms.sqlite"
            try Data(repeating: 0x42, count: 8192).write(to: URL(fileURLWithPath: path))
            let error = await #expect(throws: StoreError.self) {
                let store = try SQLiteRoomStore(path: path, logger: testLogger)
                try await store.migrate()
            }
            #expect(error?.isCorrupt == true, "\(String(describing: error))")
        }
    }

    @Test(arguments: [SQLiteRoomStore.Synchronous.normal, .full])
    func pragmasAreSet(_ synchronous: SQLiteRoomStore.Synchronous) async throws {
        try await withTemporaryFolder { folder in
            let store = try SQLiteRoomStore(
                path: folder + "/rooms.sqlite", options: .init(synchronous: synchronous), logger: testLogger)
            let (journal, sync, foreignKeys) = try await store.pool.read { db in
                (
                    try String.fetchOne(db, sql: "PRAGMA journal_mode"),
                    try Int.fetchOne(db, sql: "PRAGMA synchronous"),
                    try Bool.fetchOne(db, sql: "PRAGMA foreign_keys")
                )
            }
            #expect(journal == "wal")
            #expect(sync == (synchronous == .normal ? 1 : 2))
            #expect(foreignKeys == true)
        }
    }
}

extension SQLiteStoreTests {
    @Test func aNewerSchemaIsRefused() async throws {
        try await withTemporaryFolder { folder in
            let store = try SQLiteRoomStore(path: folder + "/rooms.sqlite", logger: testLogger)
            try await store.migrate()
            try await store.pool.write { db in
                try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v999-from-the-future')")
            }
            let error = await #expect(throws: StoreError.self) { try await store.migrate() }
            #expect(error?.isMigrationFailed == true, "\(String(describing: error))")
        }
    }
}

extension SQLiteStoreTests {
    /// How many writes share a commit depends on timing (it is the benchmark's business);
    /// what must hold is that every concurrent write commits exactly once.
    @Test func concurrentWritesAllCommitOnce() async throws {
        try await withTemporaryFolder { folder in
            let store = try SQLiteRoomStore(path: folder + "/rooms.sqlite", logger: testLogger)
            try await store.migrate()
            try await store.bulkInsertRooms((0..<200).map { makeRoom("w\($0)") })
            let before = store.writes.statistics
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<200 {
                    group.addTask {
                        try await store.mutateRoom(.id("w\(index)")) { room in
                            RoomDecision(write: .none, events: [note(room?.id)], result: ())
                        }
                    }
                }
                try await group.waitForAll()
            }
            let after = store.writes.statistics
            #expect(after.writes - before.writes == 200)
            #expect((1...200).contains(after.batches - before.batches))
            #expect(try await store.allEvents().count == 200)
        }
    }
}
