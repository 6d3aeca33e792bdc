import Logging
import ServiceLifecycle
import SidecarCore

/// Picks and opens the backend named by the daemon's `--database` setting.
public enum StoreFactory {
    public enum Backend: Sendable, Equatable {
        case sqlite
        case postgres

        /// PostgreSQL's connection pool works only while its `run()` is running: add the
        /// store to the daemon's `ServiceGroup` (see `service(for:)`).
        public var needsService: Bool { self == .postgres }
    }

    /// `postgres://` and `postgresql://` URLs select PostgreSQL; any other `scheme://` is
    /// refused; anything else is an SQLite file path.
    public static func backend(for location: String) throws -> Backend {
        let lowered = location.lowercased()
        if lowered.hasPrefix("postgres://") || lowered.hasPrefix("postgresql://") { return .postgres }
        if let range = location.range(of: "://"),
            location[..<range.lowerBound].allSatisfy({ $0.isLetter || $0.isNumber || "+-.".contains($0) })
        {
            throw StoreError.invalidLocation("unsupported database URL scheme '\(location[..<range.lowerBound])' (use a file path or postgres://)")
        }
        guard !location.isEmpty else { throw StoreError.invalidLocation("the database location is empty") }
        return .sqlite
    }

    /// Opens the store. Nothing is read or written yet: call `migrate()` next, after running
    /// the service for PostgreSQL. `serving`: the daemon's store, the one writer of an SQLite
    /// file, which claims it (`SQLiteOwnerLock`) and keeps copies of rooms and bans in memory;
    /// PostgreSQL is shared by design and ignores it.
    public static func open(_ location: String, serving: Bool = false, logger: Logger) throws -> any SidecarStorage {
        switch try backend(for: location) {
        case .sqlite:
            return try SQLiteRoomStore(path: location, options: .init(ownsDatabase: serving), logger: logger)
        case .postgres:
            return try PostgresRoomStore(location: PostgresLocation(url: location), logger: logger)
        }
    }

    /// The store as a `Service` to run for as long as it is used, or nil when it needs none.
    public static func service(for store: any RoomStore) -> (any Service)? {
        store as? PostgresRoomStore
    }
}
