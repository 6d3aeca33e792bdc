import Foundation
import GRDB
import SidecarCore
import Testing

@testable import SidecarStore

/// The daemon's SQLite store answers point reads of rooms and bans from copies (`RoomSnapshots`)
/// that its own writes keep true; every `RoomStoreTests` case also runs on it (`sqlite-serving`).
/// These check that the copies are really used, never outlive a write, and that only one
/// process may own a file.
@Suite struct RoomSnapshotsTests {
    /// A store that owns its file, and a way around it to prove where an answer came from.
    private func withServingStore(capacity: Int = 100, _ body: (SQLiteRoomStore) async throws -> Void) async throws {
        try await withTemporaryFolder { folder in
            let store = try SQLiteRoomStore(
                path: folder + "/rooms.sqlite", options: .init(ownsDatabase: true, snapshotCapacity: capacity), logger: testLogger)
            try await store.migrate()
            try await body(store)
        }
    }

    /// Changes a room's owner behind the store's back (no copy is forgotten).
    private func changeBehind(_ store: SQLiteRoomStore, roomId: String, owner: String) throws {
        try store.pool.write { db in try db.execute(sql: "UPDATE rooms SET owner = ? WHERE id = ?", arguments: [owner, roomId]) }
    }

    @Test func pointReadsAreAnsweredFromCopiesOnceRead() async throws {
        try await withServingStore { store in
            try await store.create(makeRoom("r1"))
            _ = try await store.room(liveId: "live-r1")
            try changeBehind(store, roomId: "r1", owner: "someone-else")
            // The copy answers, by live id and by id; a listing still reads the database.
            #expect(try await store.room(liveId: "live-r1")?.owner == "owner-r1")
            #expect(try await store.room(id: "r1")?.owner == "owner-r1")
            #expect(try await store.rooms(status: nil, afterId: nil, limit: 10).first?.owner == "someone-else")
        }
    }

    @Test func openingCopiesTheLiveRoomsAndTheirOwnersBans() async throws {
        try await withTemporaryFolder { folder in
            let path = folder + "/rooms.sqlite"
            let before = try SQLiteRoomStore(path: path, logger: testLogger)
            try await before.migrate()
            try await before.create(makeRoom("r1"))
            for id in ["r2", "r3", "r4"] { try await before.create(makeRoom(id, status: .live)) }
            try await before.putBan(Ban(owner: "owner-r3", reason: "spam", until: nil, createdAt: t0), event: note(nil))

            let store = try SQLiteRoomStore(path: path, options: .init(ownsDatabase: true, snapshotCapacity: 2), logger: testLogger)
            try await store.migrate()
            #expect(store.snapshots?.count.rooms == 2, "live rooms, up to the capacity")
            let copied = ["r2", "r3", "r4"].filter { store.snapshots?.room(id: $0) != nil }
            #expect(copied.count == 2)
            for id in ["r1", "r2", "r3", "r4"] { try changeBehind(store, roomId: id, owner: "changed-\(id)") }
            try await store.pool.write { db in try db.execute(sql: "DELETE FROM bans") }
            // Copied rooms answer from memory, the idle one from the file.
            for id in copied { #expect(try await store.room(liveId: "live-\(id)")?.owner == "owner-\(id)") }
            #expect(try await store.room(id: "r1")?.owner == "changed-r1")
            // Their owners' bans are known, present or absent, without a read.
            #expect(store.snapshots?.count.bans == 2)
            for id in copied {
                #expect(try await store.ban(owner: "owner-\(id)")?.reason == (id == "r3" ? "spam" : nil))
            }
        }
    }

    @Test func aWriteForgetsTheCopyBeforeItReturns() async throws {
        try await withServingStore { store in
            try await store.create(makeRoom("r1"))
            let before = try #require(try await store.room(id: "r1")).keyVersion
            // A key rotation: the next read must see the new key version at once.
            try await store.mutateRoom(.liveId("live-r1")) { room -> RoomDecision<Void> in
                var rotated = try #require(room)
                rotated.keyVersion += 1
                return RoomDecision(write: .update(rotated), result: ())
            }
            #expect(try await store.room(liveId: "live-r1")?.keyVersion == before + 1)
            #expect(try await store.room(id: "r1")?.keyVersion == before + 1)
        }
    }

    @Test func aWriteReadsItsRoomFromTheCopyAndLeavesTheRoomAsWritten() async throws {
        try await withServingStore { store in
            try await store.create(makeRoom("r1"))
            _ = try await store.room(liveId: "live-r1")
            // Behind the store's back, so the copy and the file disagree: the write sees the copy.
            try await store.pool.write { db in try db.execute(sql: "UPDATE rooms SET key_version = 99 WHERE id = 'r1'") }
            let seen = try await store.mutateRoom(.liveId("live-r1")) { room -> RoomDecision<Int> in
                var room = try #require(room)
                let version = room.keyVersion
                room.status = .live
                // Finer than the millisecond the row keeps: the copy must keep what the row keeps.
                room.statusSince = Date(timeIntervalSince1970: 1_700_000_000.123456)
                room.publisher = publisher("s1")
                return RoomDecision(write: .update(room), result: version)
            }
            #expect(seen == 1)
            // The written room is now the copy, equal to the row as read back from the file.
            let copy = try #require(store.snapshots?.room(id: "r1"))
            let row = try await store.pool.read { db in try SQLiteRoomStore.fetchRoom(db, .id("r1")) }
            #expect(copy == row)
            #expect(try await store.room(liveId: "live-r1") == row)
        }
    }

    @Test func writesOfOneRoomInOneBatchEachSeeTheOnesBefore() async throws {
        try await withServingStore { store in
            try await store.create(makeRoom("hot"))
            _ = try await store.room(id: "hot")
            let before = store.writes.statistics
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<300 {
                    group.addTask {
                        try await store.mutateRoom(.liveId("live-hot")) { room -> RoomDecision<Void> in
                            var room = try #require(room)
                            room.keyVersion += 1
                            return RoomDecision(write: .update(room), result: ())
                        }
                    }
                }
                try await group.waitForAll()
            }
            let after = store.writes.statistics
            // Grouped: later writes of a batch read the room from the transaction, not the copy.
            #expect(after.batches - before.batches < after.writes - before.writes)
            #expect(try await store.room(id: "hot")?.keyVersion == 301)
            let row = try await store.pool.read { db in try SQLiteRoomStore.fetchRoom(db, .id("hot")) }
            #expect(row?.keyVersion == 301)
        }
    }

    @Test func aNewLiveIdRetiresTheOldOne() async throws {
        try await withServingStore { store in
            try await store.create(makeRoom("r1"))
            _ = try await store.room(liveId: "live-r1")
            try await store.mutateRoom(.id("r1")) { room -> RoomDecision<Void> in
                var renamed = try #require(room)
                renamed.liveId = "live-r1-b"
                return RoomDecision(write: .update(renamed), result: ())
            }
            #expect(try await store.room(liveId: "live-r1") == nil)
            #expect(try await store.room(liveId: "live-r1-b")?.id == "r1")
        }
    }

    @Test func aDeletedRoomIsGoneByEveryKey() async throws {
        try await withServingStore { store in
            try await store.create(makeRoom("r1"))
            _ = try await store.room(liveId: "live-r1")
            try await store.mutateRoom(.liveId("live-r1")) { _ in RoomDecision(write: .delete(roomId: "r1"), result: ()) }
            #expect(try await store.room(liveId: "live-r1") == nil)
            #expect(try await store.room(id: "r1") == nil)
        }
    }

    @Test func aWriteThatChangesNothingStillLeavesTheTruth() async throws {
        try await withServingStore { store in
            try await store.create(makeRoom("r1"))
            _ = try await store.room(id: "r1")
            try changeBehind(store, roomId: "r1", owner: "changed")
            // A decide that throws writes nothing, yet the copy goes: the next read is fresh.
            struct Refused: Error {}
            await #expect(throws: Refused.self) {
                try await store.mutateRoom(.id("r1")) { _ -> RoomDecision<Void> in throw Refused() }
            }
            #expect(try await store.room(id: "r1")?.owner == "changed")
        }
    }

    @Test func bansAndTheirAbsenceAreCopiedAndForgotten() async throws {
        try await withServingStore { store in
            let event = EventDraft(.banChanged, roomId: nil, payload: ["owner": "eve"])
            #expect(try await store.ban(owner: "eve") == nil)
            #expect(store.snapshots?.ban(owner: "eve") == .some(nil), "no ban is remembered too")
            let ban = Ban(owner: "eve", reason: "spam", until: nil, createdAt: t0)
            try await store.putBan(ban, event: event)
            #expect(try await store.ban(owner: "eve") == ban)
            _ = try await store.deleteBan(owner: "eve", event: event)
            #expect(try await store.ban(owner: "eve") == nil)
        }
    }

    @Test func aReadThatRacedAWriteIsNotKept() {
        let snapshots = RoomSnapshots(capacity: 10)
        let before = snapshots.generation
        snapshots.forget(room: .id("r1"))  // a write committed while the read ran
        snapshots.keep(makeRoom("r1"), readAt: before)
        #expect(snapshots.room(id: "r1") == nil)
        snapshots.keep(makeRoom("r1"), readAt: snapshots.generation)
        #expect(snapshots.room(liveId: "live-r1")?.id == "r1")
    }

    @Test func concurrentReadsNeverKeepAnOldRoom() async throws {
        try await withServingStore { store in
            try await store.create(makeRoom("r1"))
            let before = try #require(try await store.room(id: "r1")).keyVersion
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for _ in 0..<200 {
                        try await store.mutateRoom(.id("r1")) { room -> RoomDecision<Void> in
                            var next = try #require(room)
                            next.keyVersion += 1
                            return RoomDecision(write: .update(next), result: ())
                        }
                    }
                }
                for _ in 0..<4 {
                    group.addTask {
                        for _ in 0..<400 { _ = try await store.room(liveId: "live-r1") }
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await store.room(liveId: "live-r1")?.keyVersion == before + 200)
            #expect(try await store.room(id: "r1")?.keyVersion == before + 200)
        }
    }

    @Test("opening sizes the copies for the rooms in the file, up to their capacity")
    func openingReservesRoomForEveryRoom() async throws {
        try await withTemporaryFolder { folder in
            let path = folder + "/rooms.sqlite"
            let before = try SQLiteRoomStore(path: path, logger: testLogger)
            try await before.migrate()
            for index in 0..<150 { try await before.create(makeRoom("r\(index)")) }

            var roomy: SQLiteRoomStore? = try SQLiteRoomStore(
                path: path, options: .init(ownsDatabase: true, snapshotCapacity: 1_000), logger: testLogger)
            try await roomy?.migrate()
            #expect((roomy?.snapshots?.reserved ?? 0) >= 150, "every room of the file fits without growing")
            #expect(roomy?.snapshots?.count.rooms == 0, "idle rooms are not copied in")
            roomy = nil  // its claim on the file ends with it

            let small = try SQLiteRoomStore(path: path, options: .init(ownsDatabase: true, snapshotCapacity: 10), logger: testLogger)
            try await small.migrate()
            #expect((small.snapshots?.reserved ?? .max) < 150, "no more than the capacity")
        }
    }

    @Test func copiesStayWithinTheirCapacity() async throws {
        try await withServingStore(capacity: 2) { store in
            for index in 0..<5 {
                try await store.create(makeRoom("r\(index)"))
                #expect(try await store.room(liveId: "live-r\(index)")?.id == "r\(index)")
            }
            #expect(store.snapshots?.count.rooms == 2)
            for index in 0..<5 { #expect(try await store.room(id: "r\(index)")?.liveId == "live-r\(index)") }
        }
    }

    @Test func openConnectionsAreKnownWithoutAReadAndEveryConnectionWriteIsSeen() async throws {
        try await withServingStore { store in
            #expect(try await store.openConnection(roomId: "r1") == nil)
            #expect(store.openConnectionRooms?.hasOpenConnection(roomId: "r1") == false, "the set was read and kept")
            let connection = RoomStoreTests.makeConnection("c1")
            _ = try await store.createConnection(connection, event: RoomStoreTests.requested(connection))
            #expect(store.openConnectionRooms?.hasOpenConnection(roomId: "r1") == nil, "the write forgot the set")
            #expect(try await store.openConnection(roomId: "r1") == connection)
            #expect(try await store.openConnection(roomId: "r2") == nil)
            try await store.mutateConnection(id: "c1") { current -> ConnectionDecision<Void> in
                var ended = try #require(current)
                ended.state = .ended
                return ConnectionDecision(write: ended, result: ())
            }
            #expect(try await store.openConnection(roomId: "r1") == nil)
            // A set read while a write was under way is not kept.
            let generation = try #require(store.openConnectionRooms?.generation)
            store.openConnectionRooms?.forget()
            store.openConnectionRooms?.keep(["r9"], readAt: generation)
            #expect(store.openConnectionRooms?.hasOpenConnection(roomId: "r9") == nil)
        }
    }

    @Test func aStoreNotServingKeepsNoCopies() async throws {
        try await withTemporaryFolder { folder in
            let store = try SQLiteRoomStore(path: folder + "/rooms.sqlite", logger: testLogger)
            try await store.migrate()
            try await store.create(makeRoom("r1"))
            _ = try await store.room(id: "r1")
            try changeBehind(store, roomId: "r1", owner: "changed")
            #expect(store.snapshots == nil)
            #expect(try await store.room(id: "r1")?.owner == "changed")
        }
    }

    @Test func onlyOneProcessServesAFile() async throws {
        try await withTemporaryFolder { folder in
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let path = folder + "/rooms.sqlite"
            var first: SQLiteOwnerLock? = try SQLiteOwnerLock(databasePath: path)
            // A second claim (as a second `serve` would make) is refused, naming the holder.
            let error = #expect(throws: StoreError.self) { _ = try SQLiteOwnerLock(databasePath: path) }
            #expect(error?.isUnavailable == true)
            #expect(error?.description.contains("pid \(getpid())") == true, "\(String(describing: error))")
            #expect(error?.description.contains("PostgreSQL") == true)
            _ = first
            first = nil  // the process's claim ends with it
            _ = try SQLiteOwnerLock(databasePath: path)
        }
    }
}
