import Foundation
import SidecarCore
import SidecarStore
import Testing

/// The `RoomStore` contract, run against SQLite and PostgreSQL alike. More cases live in the
/// `RoomStoreTests+*.swift` extensions.
@Suite struct RoomStoreTests {
    @Test(arguments: Backend.all)
    func migrateTwiceIsANoOp(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let room = makeRoom("r1")
            try await store.create(room)
            try await store.migrate()
            try await store.migrate()
            #expect(try await store.room(id: "r1") == room)
            #expect(try await store.allEvents().count == 1)
        }
    }

    @Test(arguments: Backend.all)
    func createAndReadByEveryKey(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            var room = makeRoom("r1")
            room.publisher = publisher("sess-1")
            room.status = .live
            room.playable = true
            room.playableSince = t0.addingTimeInterval(9)
            room.isPrivate = true
            room.suspension = Suspension(reason: "tos", since: t0.addingTimeInterval(60))
            room.keyVersion = 7
            try await store.create(room)
            #expect(try await store.room(id: "r1") == room)
            #expect(try await store.room(liveId: "live-r1") == room)
            #expect(try await store.room(owner: "owner-r1") == room)
            #expect(try await store.room(id: "nope") == nil)
            #expect(try await store.room(liveId: "nope") == nil)
            #expect(try await store.room(owner: "nope") == nil)
            let events = try await store.allEvents()
            #expect(events.map(\.type) == ["room.created"])
            #expect(events.first?.roomId == "r1")
            #expect(events.first?.sequence == 1)
            #expect(events.first?.payload == Data(#"{"id":"r1"}"#.utf8))
        }
    }

    @Test(arguments: Backend.all)
    func createIsIdempotentAndOwnersHaveOneRoom(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let room = makeRoom("r1", owner: "alice")
            try await store.create(room)
            var again = room
            again.isPrivate = true
            #expect(try await store.createRoom(again, event: createdEvent(again)) == .existing(room))
            let other = makeRoom("r2", owner: "alice")
            #expect(try await store.createRoom(other, event: createdEvent(other)) == .ownerHasRoom(roomId: "r1"))
            #expect(try await store.room(id: "r2") == nil)
            #expect(try await store.allEvents().count == 1, "no event for a create that changed nothing")
        }
    }

    @Test(arguments: Backend.all)
    func concurrentCreatesForOneOwnerHaveOneWinner(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let outcomes = try await withThrowingTaskGroup(of: CreateRoomOutcome.self) { group in
                for index in 0..<20 {
                    group.addTask {
                        let room = makeRoom("r\(index)", owner: "bob")
                        return try await store.createRoom(room, event: createdEvent(room))
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let winners = outcomes.compactMap { outcome -> Room? in
                if case .created(let room) = outcome { return room }
                return nil
            }
            try #require(winners.count == 1)
            #expect(outcomes.filter { $0 == .ownerHasRoom(roomId: winners[0].id) }.count == 19)
            #expect(try await store.room(owner: "bob") == winners[0])
            #expect(try await store.allEvents().count == 1)
        }
    }

    @Test(arguments: Backend.all)
    func concurrentCreatesOfOneIdHaveOneWinner(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let room = makeRoom("same")
            let outcomes = try await withThrowingTaskGroup(of: CreateRoomOutcome.self) { group in
                for _ in 0..<20 {
                    group.addTask { try await store.createRoom(room, event: createdEvent(room)) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 == .created(room) }.count == 1)
            #expect(outcomes.filter { $0 == .existing(room) }.count == 19)
        }
    }

    @Test(arguments: Backend.all)
    func listsByStatusWithPaging(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            // Ids whose bytewise order differs from a locale's (upper case before lower).
            let ids = ["b", "A", "c", "a-1", "B", "a", "d.x", "Z", "a_2", "0"]
            let rooms = ids.enumerated().map { index, id in makeRoom(id, status: index.isMultiple(of: 3) ? .live : .idle) }
            try await store.bulkInsertRooms(rooms)
            let sorted = rooms.sorted { Array($0.id.utf8).lexicographicallyPrecedes(Array($1.id.utf8)) }

            var paged: [Room] = []
            var after: String?
            while true {
                let page = try await store.rooms(status: nil, afterId: after, limit: 3)
                paged += page
                guard page.count == 3 else { break }
                after = page.last?.id
            }
            #expect(paged.map(\.id) == sorted.map(\.id))

            let live = sorted.filter { $0.status == .live }
            #expect(try await store.rooms(status: .live, afterId: nil, limit: 100) == live)
            #expect(try await store.rooms(status: .live, afterId: live[0].id, limit: 2) == Array(live[1...2]))
            #expect(try await store.rooms(status: .idle, afterId: nil, limit: 100).count == ids.count - live.count)
            #expect(try await store.rooms(status: nil, afterId: nil, limit: 0).isEmpty)
        }
    }

    @Test(arguments: Backend.all)
    func bulkInsertIsAllOrNothing(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let rooms = (0..<2_500).map { makeRoom("bulk-\($0)") }
            try await store.bulkInsertRooms(rooms)
            #expect(try await store.room(liveId: "live-bulk-2499") == rooms[2499])
            let clash = [makeRoom("new-1"), makeRoom("bulk-7")]
            await #expect(throws: StoreError.self) { try await store.bulkInsertRooms(clash) }
            #expect(try await store.room(id: "new-1") == nil)
        }
    }
}
