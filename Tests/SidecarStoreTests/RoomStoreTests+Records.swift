import Foundation
import SidecarCore
import SidecarStore
import Testing

/// Bans, readiness and viewers.
extension RoomStoreTests {
    @Test(arguments: Backend.all)
    func bansArePutReplacedAndDeletedWithEvents(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            func changed(_ owner: String) -> EventDraft { EventDraft(.banChanged, roomId: nil, payload: ["owner": owner]) }
            #expect(try await store.ban(owner: "eve") == nil)
            let ban = Ban(owner: "eve", reason: "spam", until: t0.addingTimeInterval(3600), createdAt: t0)
            try await store.putBan(ban, event: changed("eve"))
            #expect(try await store.ban(owner: "eve") == ban)

            let forever = Ban(owner: "eve", reason: "abuse", until: nil, createdAt: t0.addingTimeInterval(10))
            try await store.putBan(forever, event: changed("eve"))
            #expect(try await store.ban(owner: "eve") == forever)

            #expect(try await store.deleteBan(owner: "eve", event: changed("eve")) == forever)
            #expect(try await store.ban(owner: "eve") == nil)
            #expect(try await store.deleteBan(owner: "eve", event: changed("eve")) == nil)

            let events = try await store.allEvents()
            #expect(events.map(\.type) == ["ban.changed", "ban.changed", "ban.changed"], "none for a delete that removed nothing")
            #expect(events.allSatisfy { $0.roomId == nil && $0.sequence == 0 })
        }
    }

    @Test(arguments: Backend.all)
    func readinessIsSavedAndReplaced(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            try await store.create(makeRoom("r1"))
            #expect(try await store.readiness(roomId: "r1") == nil)
            let first = readiness("r1", ready: false)
            try await store.saveReadiness(first)
            #expect(try await store.readiness(roomId: "r1") == first)
            let second = readiness("r1", ready: true, session: "s2")
            try await store.saveReadiness(second)
            #expect(try await store.readiness(roomId: "r1") == second, "the verdict's JSON comes back byte for byte")
        }
    }

    @Test(arguments: Backend.all)
    func viewersAreSavedLoadedAndCountedPerNode(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            try await store.saveViewers(
                node: "n1", added: [viewer("r1", "a"), viewer("r1", "b"), viewer("r2", "c", kind: "flv")], removed: [])
            try await store.saveViewers(node: "n2", added: [viewer("r1", "x"), viewer("r1", "y")], removed: [])
            #expect(try await store.viewers(node: "n1") == [viewer("r1", "a"), viewer("r1", "b"), viewer("r2", "c", kind: "flv")])
            #expect(try await store.viewerCount(roomId: "r1", excludingNode: "n1") == 2)
            #expect(try await store.viewerCount(roomId: "r1", excludingNode: "n2") == 2)
            #expect(try await store.viewerCount(roomId: "r1", excludingNode: "n3") == 4)
            #expect(try await store.viewerCount(roomId: "r9", excludingNode: "n1") == 0)

            // Re-adding updates; removing a key another node also has leaves that node's alone;
            // a session added and removed in one batch ends up absent.
            var moved = viewer("r1", "a", kind: "rtmp")
            moved.ip = "198.51.100.1"
            try await store.saveViewers(
                node: "n1", added: [moved, viewer("r1", "gone")],
                removed: [ViewerKey(roomId: "r1", clientId: "b"), ViewerKey(roomId: "r1", clientId: "x"),
                          ViewerKey(roomId: "r1", clientId: "gone")])
            #expect(try await store.viewers(node: "n1") == [moved, viewer("r2", "c", kind: "flv")])
            #expect(try await store.viewers(node: "n2").count == 2)
            try await store.saveViewers(node: "n1", added: [], removed: [])
            #expect(try await store.viewers(node: "nobody").isEmpty)
        }
    }

    @Test(arguments: Backend.all)
    func otherNodesViewersAreCountedForManyRoomsInOneRead(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            // 600 rooms: more than one statement's worth on SQLite.
            let rooms = (0..<600).map { "room-\($0)" }
            let others = rooms.enumerated().flatMap { index, roomId in (0..<(index % 3)).map { viewer(roomId, "c\($0)") } }
            try await store.saveViewers(node: "n2", added: others, removed: [])
            try await store.saveViewers(node: "n1", added: rooms.map { viewer($0, "mine") }, removed: [])
            let counts = try await store.viewerCounts(roomIds: rooms + ["unknown"], excludingNode: "n1")
            #expect(counts.count == 400, "rooms without other nodes' viewers are absent")
            for (index, roomId) in rooms.enumerated() {
                #expect(counts[roomId, default: 0] == index % 3)
            }
            #expect(try await store.viewerCounts(roomIds: [], excludingNode: "n1").isEmpty)
            #expect(try await store.viewerCount(roomId: "room-5", excludingNode: "n2") == 1)
        }
    }

    @Test("other nodes' viewers are counted whether their node sorts before or after this one", arguments: Backend.all)
    func otherNodesOnEitherSide(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            try await store.saveViewers(node: "m", added: [viewer("r1", "mine")], removed: [])
            #expect(try await store.viewerCounts(roomIds: ["r1"], excludingNode: "m").isEmpty, "only this node's viewers")
            try await store.saveViewers(node: "a", added: [viewer("r1", "x")], removed: [])
            #expect(try await store.viewerCounts(roomIds: ["r1"], excludingNode: "m") == ["r1": 1])
            try await store.saveViewers(node: "a", added: [], removed: [ViewerKey(roomId: "r1", clientId: "x")])
            try await store.saveViewers(node: "z", added: [viewer("r1", "y")], removed: [])
            #expect(try await store.viewerCounts(roomIds: ["r1"], excludingNode: "m") == ["r1": 1])
        }
    }

    @Test(arguments: Backend.all)
    func manyViewersInOneBatch(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let many = (0..<2_345).map { viewer("r\($0 % 7)", "client-\($0)") }
            try await store.saveViewers(node: "n1", added: many + [many[0]], removed: [])
            #expect(try await store.viewers(node: "n1").count == many.count)
            try await store.saveViewers(node: "n1", added: [], removed: many.dropLast().map(\.key))
            #expect(try await store.viewers(node: "n1") == [many.last!])
        }
    }
}
