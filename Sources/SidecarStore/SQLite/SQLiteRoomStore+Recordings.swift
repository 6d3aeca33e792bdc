import Foundation
import GRDB
import SidecarCore

/// The recordings index on SQLite.
extension SQLiteRoomStore: RecordingStore, RecordingSeeding {
    private static let selectColumns = "SELECT \(RecordingColumns.list) FROM recordings"
    private static let insertSQL = """
        INSERT INTO recordings (\(RecordingColumns.list)) VALUES \
        (\((1...RecordingColumns.count).map { "?\($0)" }.joined(separator: ", ")))
        """
    private static let updateSQL = "UPDATE recordings SET \(RecordingColumns.assignments { "?\($0)" }) WHERE id = ?1"

    public func insertRecording(_ recording: Recording, event: EventDraft?) async throws -> InsertRecordingOutcome {
        try await write("insert recording") { db in
            // The write lock is held from BEGIN IMMEDIATE: the check and the insert cannot race.
            if let existing = try Self.fetchRecording(db, sql: Self.selectColumns + " WHERE path = ?", recording.path) {
                return .existing(existing)
            }
            try db.cachedStatement(sql: Self.insertSQL).execute(arguments: Self.arguments(recording))
            try self.appendEvents(event.map { [$0] } ?? [], db)
            return .inserted(recording)
        }
    }

    public func updateRecording(_ recording: Recording, event: EventDraft?) async throws -> Bool {
        try await write("update recording") { db in
            try db.cachedStatement(sql: Self.updateSQL).execute(arguments: Self.arguments(recording))
            guard db.changesCount > 0 else { return false }
            try self.appendEvents(event.map { [$0] } ?? [], db)
            return true
        }
    }

    public func recording(id: String) async throws -> Recording? {
        try await readStatement("read recording") { db in
            try Self.fetchRecording(db, sql: Self.selectColumns + " WHERE id = ?", id)
        }
    }

    public func recording(path: String) async throws -> Recording? {
        try await readStatement("read recording") { db in
            try Self.fetchRecording(db, sql: Self.selectColumns + " WHERE path = ?", path)
        }
    }

    public func recordings(_ query: RecordingQuery) async throws -> [Recording] {
        let filter = RecordingFilterSQL(query, cursor: true, pinIndex: true) { _ in "?" }
        let sql = Self.selectColumns + filter.whereClause + RecordingFilterSQL.order(query) + " LIMIT ?"
        let arguments = StatementArguments(Self.bindable(filter.values) + [Int64(max(0, query.limit))])
        return try await readStatement("list recordings") { db in
            let cursor = try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: arguments)
            var rows: [Recording] = []
            while let row = try cursor.next() { rows.append(try Self.recording(row)) }
            return rows
        }
    }

    public func deleteRecording(id: String, event: @escaping @Sendable (Recording) -> EventDraft?) async throws -> Recording? {
        try await write("delete recording") { db in
            let sql = "DELETE FROM recordings WHERE id = ? RETURNING \(RecordingColumns.list)"
            guard let row = try Row.fetchOne(db.cachedStatement(sql: sql), arguments: [id]) else { return nil }
            let deleted = try Self.recording(row)
            try self.appendEvents(event(deleted).map { [$0] } ?? [], db)
            return deleted
        }
    }

    public func recordingTotals(_ query: RecordingQuery) async throws -> RecordingTotals {
        let filter = RecordingFilterSQL(query, cursor: false, pinIndex: true) { _ in "?" }
        let sql = "SELECT count(*), coalesce(sum(size), 0) FROM recordings" + filter.whereClause
        let arguments = StatementArguments(Self.bindable(filter.values))
        return try await readStatement("total recordings") { db in
            guard let row = try Row.fetchOne(db.cachedStatement(sql: sql), arguments: arguments) else {
                return RecordingTotals(count: 0, bytes: 0)
            }
            return RecordingTotals(count: try row.decode(atIndex: 0), bytes: try row.decode(atIndex: 1))
        }
    }

    public func recordingCountsByRoom() async throws -> [String: Int] {
        try await readStatement("count recordings") { db in
            let sql = "SELECT room_id, count(*) FROM recordings WHERE room_id IS NOT NULL GROUP BY room_id"
            var counts: [String: Int] = [:]
            let cursor = try Row.fetchCursor(db.cachedStatement(sql: sql))
            while let row = try cursor.next() { counts[try row.decode(atIndex: 0)] = try row.decode(atIndex: 1) }
            return counts
        }
    }

    public func bulkInsertRecordings(_ recordings: [Recording]) async throws {
        try await write("bulk insert recordings") { db in
            let insert = try db.cachedStatement(sql: Self.insertSQL)
            for recording in recordings { try insert.execute(arguments: Self.arguments(recording)) }
        }
    }

    // MARK: Rows

    private static func fetchRecording(_ db: Database, sql: String, _ value: String) throws -> Recording? {
        let cursor = try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: [value])
        return try cursor.next().map(recording)
    }

    private static func arguments(_ recording: Recording) -> StatementArguments {
        StatementArguments(bindable(recording.columnValues))
    }

    private static func bindable(_ values: [RecordingValue]) -> [(any DatabaseValueConvertible)?] {
        values.map { value -> (any DatabaseValueConvertible)? in
            switch value {
            case .text(let text): text
            case .integer(let integer): integer
            case .real(let real): real
            }
        }
    }

    private static func recording(_ row: Row) throws -> Recording {
        try RecordingCells(
            text: { index in try row.decode(atIndex: index) },
            integer: { index in try row.decode(atIndex: index) },
            real: { index in try row.decode(atIndex: index) }
        ).recording()
    }
}
