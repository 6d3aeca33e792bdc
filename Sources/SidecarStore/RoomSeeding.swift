import SidecarCore

/// Loading many rooms at once, for benchmarks and imports; not part of `RoomStore` because the
/// daemon itself never needs it.
public protocol RoomSeeding: Sendable {
    /// Inserts all `rooms` in one transaction, without events. Fails (and inserts nothing) if
    /// any id, owner or live id is already taken.
    func bulkInsertRooms(_ rooms: [Room]) async throws
}

/// Loading many recordings at once, for benchmarks and imports: one transaction, no events.
/// Fails (and inserts nothing) if any id or path is already indexed.
public protocol RecordingSeeding: Sendable {
    func bulkInsertRecordings(_ recordings: [Recording]) async throws
}
