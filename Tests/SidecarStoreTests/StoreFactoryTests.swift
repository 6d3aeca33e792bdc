import Foundation
import SidecarCore
import Testing

@testable import SidecarStore

@Suite struct StoreFactoryTests {
    @Test func locationsSelectTheBackend() throws {
        #expect(try StoreFactory.backend(for: "/var/lib/sidecar/rooms.sqlite") == .sqlite)
        #expect(try StoreFactory.backend(for: "data/rooms.db") == .sqlite)
        #expect(try StoreFactory.backend(for: "postgres://u@h/d") == .postgres)
        #expect(try StoreFactory.backend(for: "PostgreSQL://u@h/d") == .postgres)
        #expect(StoreFactory.Backend.postgres.needsService)
        #expect(!StoreFactory.Backend.sqlite.needsService)
        #expect(throws: StoreError.self) { try StoreFactory.backend(for: "mysql://u@h/d") }
        #expect(throws: StoreError.self) { try StoreFactory.backend(for: "") }
    }

    @Test func postgresURLsAreParsed() throws {
        let full = try PostgresLocation(url: "postgresql://side%40car:p%40ss@db.lan:6543/rooms?sslmode=disable&schema=node_a")
        #expect(full.username == "side@car")
        #expect(full.password == "p@ss")
        #expect(full.host == "db.lan")
        #expect(full.port == 6543)
        #expect(full.database == "rooms")
        #expect(full.schema == "node_a")
        #expect(full.description == "postgres://side@car@db.lan:6543/rooms?schema=node_a")

        let short = try PostgresLocation(url: "postgres://sidecar@127.0.0.1")
        #expect(short.port == 5432)
        #expect(short.database == "sidecar")
        #expect(short.password == nil)
        #expect(short.schema == nil)

        #expect(try PostgresLocation(url: "postgres://u:p@[::1]:5433/d").host == "::1")
    }

    @Test(arguments: [
        "postgres://u:secret@h/d?sslmode=require",
        "postgres://u:secret@h/d?sslmode=verify-full",
        "postgres://u:secret@h/d?schema=Bad-Name",
        "postgres://u:secret@h/d?scheme=typo",
        "postgres://:secret@h/d",
        "postgres:///d",
    ])
    func badPostgresURLsAreRejectedWithoutThePassword(_ url: String) throws {
        let error = #expect(throws: StoreError.self) { _ = try StoreFactory.open(url, logger: testLogger) }
        #expect(error?.isInvalidLocation == true, "\(String(describing: error))")
        #expect(error?.description.contains("secret") == false, "\(String(describing: error))")
    }

    @Test func openingPostgresConnectsLazilyAndIsAService() throws {
        let store = try StoreFactory.open("postgres://u:secret@127.0.0.1:1/d", logger: testLogger)
        #expect(store is PostgresRoomStore)
        #expect(StoreFactory.service(for: store) != nil)
        #expect((store as? PostgresRoomStore)?.location.description.contains("secret") == false)
    }

    @Test func anUnreachableServerIsUnavailableWithoutThePassword() async throws {
        // Port 1 on loopback: refused at once; the deadline bounds the pool's retries.
        let store = PostgresRoomStore(
            location: try PostgresLocation(url: "postgres://u:secret@127.0.0.1:1/d"), logger: testLogger,
            startupTimeout: .seconds(2))
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await store.run() }
            defer { group.cancelAll() }
            let error = await #expect(throws: StoreError.self) { try await store.migrate() }
            #expect(error?.isUnavailable == true, "\(String(describing: error))")
            #expect(error?.description.contains("secret") == false, "\(String(describing: error))")
        }
    }

    @Test func sqliteNeedsNoService() async throws {
        try await withTemporaryFolder { folder in
            let store = try StoreFactory.open(folder + "/x.sqlite", logger: testLogger)
            #expect(StoreFactory.service(for: store) == nil)
        }
    }
}
