import Foundation
import SidecarCore
import SidecarStore
import Testing

/// Connections (co-hosting): the `ConnectionStore` contract on both backends.
extension RoomStoreTests {
    static func makeConnection(_ id: String, room: String = "r1", guest: String = "bob") -> Connection {
        Connection(
            id: id, roomId: room, hostLiveId: "live-\(room)", guest: guest, guestLiveId: "guest-\(id)",
            guestKeyHash: String(repeating: "cd", count: 32), mixLiveId: "mix-\(id)", stateSince: t0, node: "n1", createdAt: t0,
            pendingUntil: t0.addingTimeInterval(60))
    }

    static func requested(_ connection: Connection) -> EventDraft {
        EventDraft(.connectionRequested, roomId: connection.roomId, payload: ["id": connection.id])
    }

    @Test(arguments: Backend.all)
    func connectionsAreCreatedAndReadByEveryKey(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let connection = Self.makeConnection("c1")
            #expect(try await store.createConnection(connection, event: Self.requested(connection)) == .created(connection))
            #expect(try await store.connection(id: "c1") == connection)
            #expect(try await store.connection(liveId: "guest-c1") == connection)
            #expect(try await store.connection(liveId: "mix-c1") == connection)
            #expect(try await store.connection(liveId: "live-r1") == nil, "the host's stream is the room's, not the connection's")
            #expect(try await store.openConnection(roomId: "r1") == connection)
            #expect(try await store.openConnection(roomId: "r2") == nil)
            #expect(try await store.openConnections() == [connection])
            #expect(try await store.connection(id: "nope") == nil)
            let events = try await store.allEvents()
            #expect(events.map(\.type) == ["connection.requested"])
            #expect(events.first?.roomId == "r1" && events.first?.sequence == 1)
        }
    }

    @Test(arguments: Backend.all)
    func oneOpenConnectionPerRoom(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let first = Self.makeConnection("c1")
            _ = try await store.createConnection(first, event: Self.requested(first))
            let second = Self.makeConnection("c2")
            #expect(try await store.createConnection(second, event: Self.requested(second)) == .busy(first))
            #expect(try await store.connection(id: "c2") == nil)
            // Another room is free; an ended connection frees its room.
            let other = Self.makeConnection("c3", room: "r2")
            #expect(try await store.createConnection(other, event: Self.requested(other)) == .created(other))
            try await store.mutateConnection(id: "c1") { current -> ConnectionDecision<Void> in
                var ended = try #require(current)
                ended.state = .ended
                ended.endedAt = t0.addingTimeInterval(5)
                return ConnectionDecision(write: ended, result: ())
            }
            #expect(try await store.openConnection(roomId: "r1") == nil)
            #expect(try await store.createConnection(second, event: Self.requested(second)) == .created(second))
            #expect(try await store.connections(roomId: "r1", limit: 10).map(\.id).sorted() == ["c1", "c2"])
            #expect(try await store.openConnections().map(\.id) == ["c2", "c3"])
            #expect(try await store.allEvents().count == 3, "no event for the refused request")
        }
    }

    @Test(arguments: Backend.all)
    func concurrentRequestsOpenOneConnection(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let outcomes = try await withThrowingTaskGroup(of: CreateConnectionOutcome.self) { group in
                for index in 0..<8 {
                    let connection = Self.makeConnection("c\(index)")
                    group.addTask { try await store.createConnection(connection, event: Self.requested(connection)) }
                }
                var all: [CreateConnectionOutcome] = []
                for try await outcome in group { all.append(outcome) }
                return all
            }
            let created = outcomes.filter { if case .created = $0 { true } else { false } }
            #expect(created.count == 1)
            #expect(try await store.openConnections().count == 1)
        }
    }

    @Test(arguments: Backend.all)
    func mutateConnectionWritesEveryFieldWithItsEvents(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let connection = Self.makeConnection("c1")
            _ = try await store.createConnection(connection, event: Self.requested(connection))
            var changed = connection
            changed.state = .active
            changed.stateSince = t0.addingTimeInterval(3)
            changed.reason = "mix_playable"
            changed.hostLive = false
            changed.guestLive = true
            changed.guestClientId = "g1"
            changed.mixLive = true
            changed.mixClientId = "m1"
            changed.endedAt = t0.addingTimeInterval(9)
            changed.guestKeyHash = ""
            let written = changed
            let result = try await store.mutateConnection(id: "c1") { current -> ConnectionDecision<String> in
                #expect(current == connection)
                return ConnectionDecision(
                    write: written, events: [EventDraft(.roomPlaybackChanged, roomId: "r1", payload: ["to": "mix"])], result: "done")
            }
            #expect(result == "done")
            #expect(try await store.connection(id: "c1") == written)
            #expect(try await store.allEvents().map(\.type) == ["connection.requested", "room.playback_changed"])
            #expect(try await store.allEvents().last?.sequence == 2, "a connection's events continue its room's sequence")

            // Unchanged, an error, a missing connection, a decision for another connection.
            #expect(try await store.mutateConnection(id: "c1") { _ in ConnectionDecision<Int>.unchanged(7) } == 7)
            struct Refused: Error {}
            await #expect(throws: Refused.self) {
                try await store.mutateConnection(id: "c1") { _ -> ConnectionDecision<Void> in throw Refused() }
            }
            #expect(try await store.mutateConnection(id: "nope") { current in ConnectionDecision<Bool>.unchanged(current == nil) })
            await #expect(throws: StoreError.self) {
                try await store.mutateConnection(id: "nope") { _ in ConnectionDecision(write: written, result: ()) }
            }
            #expect(try await store.allEvents().count == 2, "nothing written by the refused decisions")
        }
    }

    @Test(arguments: Backend.all)
    func connectionsOfARoomNewestFirst(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            for index in 0..<4 {
                var connection = Self.makeConnection("c\(index)")
                connection.createdAt = t0.addingTimeInterval(Double(index))
                connection.state = .ended
                _ = try await store.createConnection(connection, event: Self.requested(connection))
            }
            #expect(try await store.connections(roomId: "r1", limit: 3).map(\.id) == ["c3", "c2", "c1"])
            #expect(try await store.connections(roomId: "r9", limit: 3).isEmpty)
            #expect(try await store.openConnections().isEmpty)
        }
    }
}
