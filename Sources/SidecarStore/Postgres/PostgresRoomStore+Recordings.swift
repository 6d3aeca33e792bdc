import Foundation
import PostgresNIO
import SidecarCore

/// The recordings index on PostgreSQL. Values always travel as bound parameters.
extension PostgresRoomStore: RecordingStore, RecordingSeeding {
    private static let selectColumns = "SELECT \(RecordingColumns.list) FROM recordings"
    private static let updateSQL = "UPDATE recordings SET \(RecordingColumns.assignments { "$\($0)" }) WHERE id = $1"

    private static func insertSQL(count: Int) -> String {
        let rows = (0..<count).map { row in
            "(" + (1...RecordingColumns.count).map { "$\(row * RecordingColumns.count + $0)" }.joined(separator: ", ") + ")"
        }
        return "INSERT INTO recordings (\(RecordingColumns.list)) VALUES " + rows.joined(separator: ", ")
    }

    public func insertRecording(_ recording: Recording, event: EventDraft?) async throws -> InsertRecordingOutcome {
        let (eventsLock, logger, channel) = (eventsLock, logger, eventsChannel)
        return try await transaction("insert recording") { conn in
            // DO NOTHING waits for a concurrent insert of the same path to commit, then skips:
            // the winner's row is visible to the next statement.
            var binds = PostgresBindings(capacity: RecordingColumns.count)
            Self.bind(recording.columnValues, to: &binds)
            let insert = PostgresQuery(
                unsafeSQL: Self.insertSQL(count: 1) + " ON CONFLICT (path) DO NOTHING RETURNING id", binds: binds)
            if try await Self.collect(conn.query(insert, logger: logger), { _ in () }).count == 1 {
                try await PostgresEvents.append(channel: channel, event.map { [$0] } ?? [], lock: eventsLock, conn, logger: logger)
                return .inserted(recording)
            }
            let query = Self.byColumn("path", recording.path)
            guard let existing = try await Self.collect(conn.query(query, logger: logger), Self.recording).first else {
                throw StoreError.conflict("insert recording \(recording.id): its id is already used")
            }
            return .existing(existing)
        }
    }

    public func updateRecording(_ recording: Recording, event: EventDraft?) async throws -> Bool {
        let (eventsLock, logger, channel) = (eventsLock, logger, eventsChannel)
        return try await transaction("update recording") { conn in
            var binds = PostgresBindings(capacity: RecordingColumns.count)
            Self.bind(recording.columnValues, to: &binds)
            let update = PostgresQuery(unsafeSQL: Self.updateSQL + " RETURNING id", binds: binds)
            guard try await Self.collect(conn.query(update, logger: logger), { _ in () }).count == 1 else { return false }
            try await PostgresEvents.append(channel: channel, event.map { [$0] } ?? [], lock: eventsLock, conn, logger: logger)
            return true
        }
    }

    public func recording(id: String) async throws -> Recording? {
        try await fetch("read recording", Self.byColumn("id", id), Self.recording).first
    }

    public func recording(path: String) async throws -> Recording? {
        try await fetch("read recording", Self.byColumn("path", path), Self.recording).first
    }

    public func recordings(_ query: RecordingQuery) async throws -> [Recording] {
        let filter = RecordingFilterSQL(query, cursor: true) { "$\($0)" }
        var binds = PostgresBindings(capacity: filter.values.count + 1)
        Self.bind(filter.values, to: &binds)
        binds.append(Int64(max(0, query.limit)))
        let sql = Self.selectColumns + filter.whereClause + RecordingFilterSQL.order(query) + " LIMIT $\(filter.values.count + 1)"
        return try await fetch("list recordings", PostgresQuery(unsafeSQL: sql, binds: binds), Self.recording)
    }

    public func deleteRecording(id: String, event: @escaping @Sendable (Recording) -> EventDraft?) async throws -> Recording? {
        let (eventsLock, logger, channel) = (eventsLock, logger, eventsChannel)
        return try await transaction("delete recording") { conn in
            let query: PostgresQuery = "DELETE FROM recordings WHERE id = \(id) RETURNING \(unescaped: RecordingColumns.list)"
            guard let deleted = try await Self.collect(conn.query(query, logger: logger), Self.recording).first else { return nil }
            try await PostgresEvents.append(channel: channel, event(deleted).map { [$0] } ?? [], lock: eventsLock, conn, logger: logger)
            return deleted
        }
    }

    public func recordingTotals(_ query: RecordingQuery) async throws -> RecordingTotals {
        let filter = RecordingFilterSQL(query, cursor: false) { "$\($0)" }
        var binds = PostgresBindings(capacity: filter.values.count)
        Self.bind(filter.values, to: &binds)
        let sql = "SELECT count(*), coalesce(sum(size), 0)::BIGINT FROM recordings" + filter.whereClause
        let totals = try await fetch("total recordings", PostgresQuery(unsafeSQL: sql, binds: binds)) { row in
            let (count, bytes) = try row.decode((Int64, Int64).self)
            return RecordingTotals(count: Int(count), bytes: bytes)
        }
        return totals.first ?? RecordingTotals(count: 0, bytes: 0)
    }

    public func recordingCountsByRoom() async throws -> [String: Int] {
        let rows = try await fetch(
            "count recordings", "SELECT room_id, count(*) FROM recordings WHERE room_id IS NOT NULL GROUP BY room_id"
        ) { row in try row.decode((String, Int64).self) }
        return Dictionary(rows.map { ($0.0, Int($0.1)) }, uniquingKeysWith: +)
    }

    /// Multi-row INSERTs of 1,000 recordings (28,000 parameters; the protocol allows 65,535).
    public func bulkInsertRecordings(_ recordings: [Recording]) async throws {
        let logger = logger
        try await transaction("bulk insert recordings") { conn in
            var start = recordings.startIndex
            while start < recordings.endIndex {
                let end = min(start + 1000, recordings.endIndex)
                var binds = PostgresBindings(capacity: (end - start) * RecordingColumns.count)
                for recording in recordings[start..<end] { Self.bind(recording.columnValues, to: &binds) }
                try await conn.query(PostgresQuery(unsafeSQL: Self.insertSQL(count: end - start), binds: binds), logger: logger)
                start = end
            }
        }
    }

    // MARK: Rows

    /// `column` is one of our literals.
    private static func byColumn(_ column: StaticString, _ value: String) -> PostgresQuery {
        "\(unescaped: selectColumns) WHERE \(unescaped: "\(column)") = \(value)"
    }

    private static func bind(_ values: [RecordingValue], to binds: inout PostgresBindings) {
        for value in values {
            switch value {
            case .text(let text): binds.append(text)
            case .integer(let integer): binds.append(integer)
            case .real(let real): binds.append(real)
            }
        }
    }

    private static func recording(_ row: PostgresRow) throws -> Recording {
        let cells = row.makeRandomAccess()
        return try RecordingCells(
            text: { index in try cells[index].decode(String?.self) },
            integer: { index in try cells[index].decode(Int64?.self) },
            real: { index in try cells[index].decode(Double?.self) }
        ).recording()
    }
}
