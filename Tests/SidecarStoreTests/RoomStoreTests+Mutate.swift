import Foundation
import SidecarCore
import SidecarStore
import Testing

private struct Refused: Error, Equatable {}

/// `mutateRoom`: decisions, rollback, events and serialization.
extension RoomStoreTests {
    @Test(arguments: Backend.all)
    func mutateUpdatesDeletesOrLeavesAlone(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            try await store.create(makeRoom("r1"))
            try await store.saveReadiness(readiness("r1"))
            try await store.saveViewers(node: "n1", added: [viewer("r1", "v1")], removed: [])

            // .update, found by live id: every column is written.
            let live = try await store.mutateRoom(.liveId("live-r1")) { room -> RoomDecision<Room?> in
                guard var room else { return .unchanged(nil) }
                room.status = .live
                room.statusSince = t0.addingTimeInterval(1)
                room.publisher = publisher("s1")
                room.keyHash = String(repeating: "cd", count: 32)
                room.owner = "new-owner"
                return RoomDecision(write: .update(room), events: [EventDraft(.roomLive, roomId: room.id, payload: ["x": 1])], result: room)
            }
            #expect(try await store.room(id: "r1") == live)
            #expect(try await store.room(owner: "new-owner")?.id == "r1")

            // .none leaves the room alone but still writes its events.
            let seen = try await store.mutateRoom(.id("r1")) { room in
                RoomDecision(write: .none, events: [EventDraft(.roomPlayable, roomId: "r1", payload: [String: String]())], result: room?.status)
            }
            #expect(seen == .live)
            #expect(try await store.room(id: "r1") == live)

            // A missing room is shown as nil.
            let missing = try await store.mutateRoom(.id("ghost")) { room in RoomDecision.unchanged(room == nil) }
            #expect(missing)

            // .delete takes the room's readiness and viewers with it.
            try await store.mutateRoom(.id("r1")) { _ in
                RoomDecision(write: .delete(roomId: "r1"), events: [EventDraft(.roomClosed, roomId: "r1", payload: [String: String]())], result: ())
            }
            #expect(try await store.room(id: "r1") == nil)
            #expect(try await store.readiness(roomId: "r1") == nil)
            #expect(try await store.viewers(node: "n1").isEmpty)
            #expect(try await store.allEvents().map(\.type) == ["room.created", "room.live", "room.playable", "room.closed"])
        }
    }

    @Test(arguments: Backend.all)
    func throwingDecideRollsBack(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let room = makeRoom("r1")
            try await store.create(room)
            await #expect(throws: Refused.self) {
                try await store.mutateRoom(.id("r1")) { _ -> RoomDecision<Void> in throw Refused() }
            }
            #expect(try await store.room(id: "r1") == room)
            #expect(try await store.allEvents().count == 1)
            // The next event of the room still gets sequence 2: nothing was consumed.
            try await store.mutateRoom(.id("r1")) { _ in
                RoomDecision(write: .none, events: [EventDraft(.roomIdle, roomId: "r1", payload: [String: String]())], result: ())
            }
            #expect(try await store.allEvents().map(\.sequence) == [1, 2])
        }
    }

    @Test(arguments: Backend.all)
    func invalidDecisionsAreConflictsAndRollBack(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            try await store.create(makeRoom("r1"))
            try await store.create(makeRoom("r2"))
            let event = EventDraft(.roomIdle, roomId: "r1", payload: [String: String]())
            let attempts: [RoomDecision<Void>.Write] = [
                .update(makeRoom("other-id")),  // decide changed the id
                .delete(roomId: "r2"),  // not the locked room
                .update(makeRoom("r1", owner: "owner-r2")),  // owner taken by r2
                .update(makeRoom("r1", liveId: "live-r2")),  // live id taken by r2
            ]
            for write in attempts {
                let error = await #expect(throws: StoreError.self) {
                    try await store.mutateRoom(.id("r1")) { _ in RoomDecision(write: write, events: [event], result: ()) }
                }
                #expect(error?.isConflict == true, "\(String(describing: error))")
                #expect(error?.description.contains(String(repeating: "ab", count: 32)) == false, "no key hash in messages")
            }
            await #expect(throws: StoreError.self) {
                try await store.mutateRoom(.id("ghost")) { _ in RoomDecision(write: .update(makeRoom("ghost")), result: ()) }
            }
            #expect(try await store.room(id: "r1") == makeRoom("r1"))
            #expect(try await store.allEvents().count == 2)
        }
    }

    @Test(arguments: Backend.all)
    func eventSequencesArePerRoomAndSurviveRecreation(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            try await store.create(makeRoom("a"))  // a:1
            try await store.create(makeRoom("b"))  // b:1
            try await store.mutateRoom(.id("a")) { _ in RoomDecision(write: .none, events: [note("a"), note(nil)], result: ()) }  // a:2, -:0
            try await store.mutateRoom(.id("a")) { _ in
                RoomDecision(write: .delete(roomId: "a"), events: [note("a")], result: ())  // a:3
            }
            try await store.create(makeRoom("a"))  // a:4, after re-creation
            try await store.mutateRoom(.id("b")) { _ in RoomDecision(write: .none, events: [note("b"), note("b")], result: ()) }  // b:2, b:3

            let events = try await store.allEvents()
            #expect(events.map { "\($0.roomId ?? "-"):\($0.sequence)" } == ["a:1", "b:1", "a:2", "-:0", "a:3", "a:4", "b:2", "b:3"])
            #expect(zip(events, events.dropFirst()).allSatisfy { $0.id < $1.id }, "ids increase")
            #expect(events.allSatisfy { abs($0.time.timeIntervalSinceNow) < 60 }, "the store stamps the time")
            let tail = try await store.events(afterId: events[5].id, limit: 10)
            #expect(tail == Array(events[6...]))
            #expect(try await store.events(afterId: events[0].id, limit: 2) == Array(events[1...2]))
        }
    }

    @Test(arguments: Backend.all)
    func concurrentMutationsOfOneRoomAreSerialized(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            try await store.create(makeRoom("hot"))
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<200 {
                    group.addTask {
                        try await store.mutateRoom(.id("hot")) { room in
                            guard var room else { throw Refused() }
                            room.keyVersion += 1
                            return RoomDecision(
                                write: .update(room),
                                events: [EventDraft(.roomKeyRotated, roomId: "hot", payload: ["v": room.keyVersion])],
                                result: ())
                        }
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await store.room(id: "hot")?.keyVersion == 201)
            let events = try await store.allEvents()
            #expect(events.map(\.sequence) == Array(1...201))
        }
    }
}

extension RoomStoreTests {
    /// Concurrent writes may share a transaction (SQLite's group commit): a failing one must
    /// still roll back alone, and every other one commit.
    @Test(arguments: Backend.all)
    func concurrentFailuresRollBackAlone(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            try await store.bulkInsertRooms((0..<60).map { makeRoom("m\($0)") })
            let results = try await withThrowingTaskGroup(of: (Int, String).self) { group in
                for index in 0..<60 {
                    group.addTask {
                        do {
                            try await store.mutateRoom(.id("m\(index)")) { room -> RoomDecision<Void> in
                                guard var room else { throw Refused() }
                                if index % 3 == 1 { throw Refused() }
                                room.keyVersion = 2
                                if index % 3 == 2 { room.owner = "owner-m0" }  // taken: a conflict
                                return RoomDecision(write: .update(room), events: [note(room.id)], result: ())
                            }
                            return (index, "ok")
                        } catch is Refused {
                            return (index, "refused")
                        } catch let error as StoreError where error.isConflict {
                            return (index, "conflict")
                        }
                    }
                }
                return try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
            }
            for index in 0..<60 {
                #expect(results[index] == ["ok", "refused", "conflict"][index % 3], "room m\(index)")
                let version = try await store.room(id: "m\(index)")?.keyVersion
                #expect(version == (index % 3 == 0 ? 2 : 1), "room m\(index)")
            }
            let events = try await store.allEvents()
            #expect(events.count == 20)
            #expect(events.allSatisfy { $0.sequence == 1 })
        }
    }
}

func readiness(_ roomId: String, ready: Bool = true, session: String = "s1") -> ReadinessRecord {
    ReadinessRecord(
        roomId: roomId, sessionId: session, checkedAt: t0.addingTimeInterval(30), ready: ready,
        reason: ready ? nil : "no_segments", verdict: Data(#"{"ready":\#(ready),"segments":[1,2]}"#.utf8))
}

func viewer(_ roomId: String, _ clientId: String, kind: String = "hls") -> ViewerSession {
    ViewerSession(roomId: roomId, clientId: clientId, kind: kind, ip: "192.0.2.7", since: t0.addingTimeInterval(2))
}

func note(_ roomId: String?) -> EventDraft {
    EventDraft(.viewersChanged, roomId: roomId, payload: [String: String]())
}
