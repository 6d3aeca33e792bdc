import Foundation
import Logging
import PostgresNIO
import ServiceLifecycle
import SidecarCore

/// `RoomStore` on PostgreSQL, for several sidecars sharing one state.
///
/// It holds a pooled `PostgresClient`, which works only while `run()` runs: the store is a
/// swift-service-lifecycle `Service`, so add it to the daemon's `ServiceGroup` (or call
/// `run()` in a task that lives as long as the store is used). Queries wait for a connection
/// while it is not running.
public final class PostgresRoomStore: RoomStore, RoomSeeding, Service {
    public let location: PostgresLocation
    let client: PostgresClient
    let logger: Logger
    /// How long `migrate()`, the first query of a daemon, waits for the database to answer.
    let startupTimeout: Duration
    /// Names of the advisory locks, per schema so that unrelated schemas don't contend.
    let migrationLock: String
    let eventsLock: String
    /// The LISTEN/NOTIFY channel on which commits of events are announced, per schema.
    let eventsChannel: String
    /// Notified when any daemon sharing the database commits events.
    public let eventSignal = EventSignal()

    /// - Parameter maximumConnections: the pool's size. Every sidecar sharing the server takes
    ///   up to this many of its `max_connections` (100 by default).
    public init(
        location: PostgresLocation, logger: Logger, startupTimeout: Duration = .seconds(30),
        maximumConnections: Int = 10
    ) {
        self.location = location
        self.logger = logger
        self.startupTimeout = startupTimeout
        var configuration = location.clientConfiguration
        configuration.options.maximumConnections = max(1, maximumConnections)
        self.client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        migrationLock = "stream-sidecar/migrations/\(location.schema ?? "default")"
        eventsLock = "stream-sidecar/events/\(location.schema ?? "default")"
        eventsChannel = "stream_sidecar_events_\(location.schema ?? "default")"
    }

    public convenience init(url: String, logger: Logger) throws {
        self.init(location: try PostgresLocation(url: url), logger: logger)
    }

    /// Runs the connection pool until the task is cancelled or the service group shuts down.
    public func run() async {
        await withDiscardingTaskGroup { group in
            group.addTask { await self.client.run() }
            group.addTask { await self.listenForEvents() }
        }
    }

    /// Holds one pooled connection LISTENing for other daemons' (and our own) event commits,
    /// re-listening after a lost connection. Followers also poll, so a gap only adds latency.
    private func listenForEvents() async {
        let channel = eventsChannel
        let signal = eventSignal
        await cancelWhenGracefulShutdownQuietly {
            while !Task.isCancelled {
                do {
                    try await self.client.withConnection { conn in
                        for try await _ in try await conn.listen(channel) { signal.notify() }
                    }
                } catch {
                    if Task.isCancelled { return }
                    self.logger.debug("event notifications interrupted; listening again", metadata: ["error": "\(error)"])
                    try? await Task.sleep(for: .seconds(1))
                }
            }
        }
    }

    private func cancelWhenGracefulShutdownQuietly(_ body: @escaping @Sendable () async -> Void) async {
        try? await cancelWhenGracefulShutdown { await body() }
    }

    public func migrate() async throws {
        let schema = location.schema
        let logger = logger
        do {
            try await withDeadline(startupTimeout) {
                try await self.transaction("migrate") { conn in
                    try await PostgresMigrations.run(conn, schema: schema, logger: logger)
                }
            }
        } catch let error as StoreError where error.isUnavailable || error.isMigrationFailed {
            throw error
        } catch {
            throw StoreError.migrationFailed("migrating PostgreSQL at \(location.description) failed: \(error)")
        }
    }

    // MARK: Transactions and queries

    /// One transaction on one pooled connection (READ COMMITTED). Errors thrown by `body`
    /// roll it back; `DecideFailure`s come out as the caller's own error.
    func transaction<T: Sendable>(
        _ action: String, _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        do {
            return try await client.withTransaction(logger: logger) { conn in try await body(conn) }
        } catch {
            throw mapped(error, doing: action)
        }
    }

    /// A query outside any transaction (a single statement is atomic by itself).
    func fetch<T>(_ action: String, _ query: PostgresQuery, _ decode: (PostgresRow) throws -> T) async throws -> [T] {
        do {
            return try await Self.collect(client.query(query, logger: logger), decode)
        } catch {
            throw mapped(error, doing: action)
        }
    }

    static func collect<T>(_ rows: PostgresRowSequence, _ decode: (PostgresRow) throws -> T) async throws -> [T] {
        var values: [T] = []
        for try await row in rows { values.append(try decode(row)) }
        return values
    }

    /// Fails with `StoreError.unavailable` when `body` takes longer than `limit`: the pool
    /// keeps retrying an unreachable server for a minute, too long for a daemon's start.
    private func withDeadline(_ limit: Duration, _ body: @escaping @Sendable () async throws -> Void) async throws {
        let description = location.description
        try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                try await body()
                return true
            }
            group.addTask {
                try await Task.sleep(for: limit)
                return false
            }
            defer { group.cancelAll() }
            guard try await group.next() == true else {
                throw StoreError.unavailable("PostgreSQL at \(description) did not answer within \(limit)")
            }
        }
    }
}
