/// Why a store operation failed, in words an operator can act on.
///
/// Messages name the location (file path, or host/port/database) and the database's own
/// message, never a password, a key hash or other column values: they end up in logs.
public struct StoreError: Error, CustomStringConvertible, Sendable, Equatable {
    enum Code: Sendable, Equatable {
        /// The database cannot be opened or reached.
        case unavailable
        /// Creating or upgrading the schema failed.
        case migrationFailed
        /// The stored data is unreadable: a damaged file, or a row no version of this code wrote.
        case corrupt
        /// A uniqueness rule or an invariant of `mutateRoom` was broken.
        case conflict
        /// The location string given to `StoreFactory` cannot be used.
        case invalidLocation
    }

    let code: Code
    public let message: String

    init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }

    public var isUnavailable: Bool { code == .unavailable }
    public var isMigrationFailed: Bool { code == .migrationFailed }
    public var isCorrupt: Bool { code == .corrupt }
    public var isConflict: Bool { code == .conflict }
    public var isInvalidLocation: Bool { code == .invalidLocation }

    static func unavailable(_ message: String) -> StoreError { StoreError(.unavailable, message) }
    static func migrationFailed(_ message: String) -> StoreError { StoreError(.migrationFailed, message) }
    static func corrupt(_ message: String) -> StoreError { StoreError(.corrupt, message) }
    static func conflict(_ message: String) -> StoreError { StoreError(.conflict, message) }
    static func invalidLocation(_ message: String) -> StoreError { StoreError(.invalidLocation, message) }
}
