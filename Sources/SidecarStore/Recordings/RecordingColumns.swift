import Foundation
import SidecarCore

/// The recordings table's columns, in the order both backends bind and decode them.
enum RecordingColumns {
    static let list = """
        id, path, root, app, live_id, room_id, owner, session_id, client_id, started_at, ended_at, \
        size, modified_at, format, duration, video_codec, audio_codec, width, height, frame_rate, \
        bit_rate, status, reason, detail, origin, source_id, indexed_at, checked_at
        """
    static let count = 28

    /// Every column but the id ($1 / ?1), for `updateRecording`.
    static func assignments(_ placeholder: (Int) -> String) -> String {
        let names = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        return names.enumerated().dropFirst().map { "\($0.element) = \(placeholder($0.offset + 1))" }.joined(separator: ", ")
    }
}

/// A recording's column values in `RecordingColumns.list` order, for either backend to bind.
enum RecordingValue: Sendable {
    case text(String?)
    case integer(Int64?)
    case real(Double?)
}

extension Recording {
    var columnValues: [RecordingValue] {
        [
            .text(id), .text(path), .text(root), .text(app), .text(liveId), .text(roomId), .text(owner), .text(sessionId),
            .text(clientId), .integer(startedAt.unixMillis), .integer(endedAt.unixMillis), .integer(size),
            .integer(modifiedAt.unixMillis), .text(media?.format), .real(media?.duration), .text(media?.videoCodec),
            .text(media?.audioCodec), .integer(media?.width.map(Int64.init)), .integer(media?.height.map(Int64.init)),
            .real(media?.frameRate), .integer(media?.bitRate.map(Int64.init)), .text(status.rawValue), .text(reason),
            .text(detail), .text(origin.rawValue), .text(sourceId), .integer(indexedAt.unixMillis),
            .integer(checkedAt.unixMillis),
        ]
    }
}

/// Reads a recording from cells in `RecordingColumns.list` order, whatever the backend.
struct RecordingCells {
    let text: (Int) throws -> String?
    let integer: (Int) throws -> Int64?
    let real: (Int) throws -> Double?

    func recording() throws -> Recording {
        func required<T>(_ value: T?, _ column: String) throws -> T {
            guard let value else { throw StoreError.corrupt("a recording row has no \(column)") }
            return value
        }
        let id = try required(try text(0), "id")
        guard let status = RecordingStatus(rawValue: try required(try text(21), "status")) else {
            throw StoreError.corrupt("recording \(id) has an unknown status")
        }
        guard let origin = RecordingOrigin(rawValue: try required(try text(24), "origin")) else {
            throw StoreError.corrupt("recording \(id) has an unknown origin")
        }
        var media: RecordingMedia?
        if let format = try text(13) {
            media = RecordingMedia(
                format: format, duration: try real(14), videoCodec: try text(15), audioCodec: try text(16),
                width: try integer(17).map { Int($0) }, height: try integer(18).map { Int($0) }, frameRate: try real(19),
                bitRate: try integer(20).map { Int($0) })
        }
        return Recording(
            id: id, path: try required(try text(1), "path"), root: try required(try text(2), "root"),
            app: try required(try text(3), "app"), liveId: try required(try text(4), "live_id"), roomId: try text(5),
            owner: try text(6), sessionId: try text(7), clientId: try text(8),
            startedAt: Date(unixMillis: try required(try integer(9), "started_at")),
            endedAt: Date(unixMillis: try required(try integer(10), "ended_at")),
            size: try required(try integer(11), "size"),
            modifiedAt: Date(unixMillis: try required(try integer(12), "modified_at")), media: media, status: status,
            reason: try text(22), detail: try text(23), origin: origin, sourceId: try text(25),
            indexedAt: Date(unixMillis: try required(try integer(26), "indexed_at")),
            checkedAt: Date(unixMillis: try required(try integer(27), "checked_at")))
    }
}

/// The WHERE and ORDER BY of a recordings query, with placeholders in the backend's syntax
/// (`?` for SQLite, `$n` for PostgreSQL) and the values to bind, in order.
///
/// Every filter is an equality on the leading column of one of the (column, started_at, id)
/// indexes, or a range on started_at; the cursor is a row-value comparison on (started_at,
/// id), so a page is one index range scan in either direction.
struct RecordingFilterSQL {
    var clauses: [String] = []
    var values: [RecordingValue] = []
    let placeholder: (Int) -> String

    /// `pinIndex` (SQLite): when several equality filters are given, only the most selective
    /// one (room, live id, owner, app, status, in that order) may use its index; the others are
    /// written `+column = ?`, which SQLite's planner cannot use for an index. Without it, and
    /// without statistics, SQLite may walk the status index (95 % of all rows are `ready`)
    /// to find one room's recordings. PostgreSQL plans from its statistics and needs no hint.
    init(_ query: RecordingQuery, cursor: Bool, pinIndex: Bool = false, placeholder: @escaping (Int) -> String) {
        self.placeholder = placeholder
        var indexed = false
        func filter(_ column: String, _ value: String?) {
            guard let value else { return }
            equal(pinIndex && indexed ? "+" + column : column, .text(value))
            indexed = true
        }
        filter("room_id", query.roomId)
        filter("live_id", query.liveId)
        filter("owner", query.owner)
        filter("app", query.app)
        filter("status", query.status?.rawValue)
        if let from = query.from { compare("started_at >=", .integer(from.unixMillis)) }
        if let to = query.to { compare("started_at <", .integer(to.unixMillis)) }
        if cursor, let after = query.after {
            let first = next()
            values.append(.integer(after.startedAtMillis))
            let second = next()
            values.append(.text(after.id))
            clauses.append("(started_at, id) \(query.oldestFirst ? ">" : "<") (\(first), \(second))")
        }
    }

    private mutating func next() -> String { placeholder(values.count + 1) }

    private mutating func equal(_ column: String, _ value: RecordingValue) {
        clauses.append("\(column) = \(next())")
        values.append(value)
    }

    private mutating func compare(_ condition: String, _ value: RecordingValue) {
        clauses.append("\(condition) \(next())")
        values.append(value)
    }

    var whereClause: String { clauses.isEmpty ? "" : " WHERE " + clauses.joined(separator: " AND ") }

    static func order(_ query: RecordingQuery) -> String {
        query.oldestFirst ? " ORDER BY started_at, id" : " ORDER BY started_at DESC, id DESC"
    }
}
