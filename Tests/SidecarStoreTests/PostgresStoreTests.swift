import Foundation
import PostgresNIO
import SidecarCore
import Testing

@testable import SidecarStore

/// What only the PostgreSQL backend has: several sidecars on one database.
@Suite struct PostgresStoreTests {
    @Test func sidecarsStartingTogetherMigrateOnce() async throws {
        try await withPostgresStores(count: 4) { stores in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for store in stores { group.addTask { try await store.migrate() } }
                try await group.waitForAll()
            }
            let versions = try await stores[0].fetch("test", "SELECT version FROM schema_migrations") { row in
                try row.decode(Int32.self)
            }
            #expect(versions == PostgresMigrations.versions.map { Int32($0.version) })
            // Each sees the others' writes, and creates for one owner still have one winner.
            let outcomes = try await withThrowingTaskGroup(of: CreateRoomOutcome.self) { group in
                for (index, store) in stores.enumerated() {
                    group.addTask {
                        let room = makeRoom("node-\(index)", owner: "shared-owner")
                        return try await store.createRoom(room, event: createdEvent(room))
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(outcomes.filter { if case .created = $0 { true } else { false } }.count == 1)
        }
    }

    @Test func concurrentMutationsFromSeveralSidecarsAreSerialized() async throws {
        try await withPostgresStores(count: 3) { stores in
            try await stores[0].migrate()
            try await stores[0].create(makeRoom("hot"))
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<150 {
                    let store = stores[index % stores.count]
                    group.addTask {
                        try await store.mutateRoom(.liveId("live-hot")) { room in
                            guard var room else { return .unchanged(()) }
                            room.keyVersion += 1
                            return RoomDecision(write: .update(room), events: [note("hot")], result: ())
                        }
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await stores[1].room(id: "hot")?.keyVersion == 151)
            let events = try await stores[2].allEvents()
            #expect(events.map(\.sequence) == Array(1...151))
            #expect(zip(events, events.dropFirst()).allSatisfy { $0.id < $1.id })
        }
    }

    @Test func aNewerSchemaIsRefused() async throws {
        try await withPostgresStores(count: 1) { stores in
            try await stores[0].migrate()
            _ = try await stores[0].fetch("test", "INSERT INTO schema_migrations VALUES (999, 0)") { _ in () }
            let error = await #expect(throws: StoreError.self) { try await stores[0].migrate() }
            #expect(error?.isMigrationFailed == true, "\(String(describing: error))")
        }
    }

    @Test func queriesBeforeMigrateSayWhatToDo() async throws {
        try await withPostgresStores(count: 1) { stores in
            let error = await #expect(throws: StoreError.self) { _ = try await stores[0].room(id: "x") }
            #expect(error?.description.contains("migrate") == true, "\(String(describing: error))")
        }
    }
}
