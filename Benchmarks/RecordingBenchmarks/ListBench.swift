import Foundation
import Logging
import SidecarCore
import SidecarStore

/// Seeds `recordings` rows (one a minute going back, spread over `rooms` rooms, 1 in 20
/// corrupt) and times `RecordingService.list` pages of 50: the API's path minus HTTP.
enum ListBench {
    static func run(recordings count: Int, rooms: Int, iterations: Int, database: String?) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bench-recordings-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var logger = Logger(label: "bench")
        logger.logLevel = .warning
        let path = database ?? folder + "/sidecar.sqlite"
        guard try StoreFactory.backend(for: path) == .sqlite else {
            throw BenchError("the list benchmark seeds 1,000,000 rows: SQLite files only (not a shared PostgreSQL)")
        }
        let store = try SQLiteRoomStore(path: path, logger: logger)
        try await store.migrate()
        try await measure(store: store, count: count, rooms: rooms, iterations: iterations, backend: "SQLite")
    }

    static func measure(store: any SidecarStorage, count: Int, rooms: Int, iterations: Int, backend: String) async throws {
        guard let seeding = store as? any RecordingSeeding else { throw BenchError("this store cannot bulk-insert recordings") }
        let now = Date(timeIntervalSince1970: 1_795_400_000)
        let seedStart = ContinuousClock.now
        let batch = 20_000
        var index = 0
        while index < count {
            var rows: [Recording] = []
            rows.reserveCapacity(batch)
            for offset in index..<min(count, index + batch) {
                let room = offset % rooms
                let started = now.addingTimeInterval(-Double(count - offset) * 60)
                let liveId = String(format: "live%06d", room)
                rows.append(Recording(
                    id: String(format: "rec%012d", offset), path: "/data/dvr/live/\(liveId).\(Int64(started.timeIntervalSince1970 * 1000)).flv",
                    root: "/data/dvr", app: offset % 50 == 0 ? "vod" : "live", liveId: liveId,
                    roomId: String(format: "room-%06d", room), owner: String(format: "user-%06d", room), sessionId: "s\(offset)",
                    clientId: "c\(offset)", startedAt: started, endedAt: started.addingTimeInterval(1800), size: 250_000_000,
                    modifiedAt: started.addingTimeInterval(1800),
                    media: RecordingMedia(format: "flv", duration: 1800, videoCodec: "h264", audioCodec: "aac", width: 1280, height: 720, frameRate: 30, bitRate: 1_100_000),
                    status: (offset / rooms) % 20 == 3 ? .corrupt : .ready, reason: (offset / rooms) % 20 == 3 ? "damaged" : nil, origin: .hook,
                    indexedAt: started.addingTimeInterval(1801), checkedAt: started.addingTimeInterval(1801)))
            }
            try await seeding.bulkInsertRecordings(rows)
            index += batch
        }
        let seeded = ContinuousClock.now - seedStart
        let totals = try await store.recordingTotals(RecordingQuery())
        print(String(format: "%@: %d recordings over %d rooms seeded in %.1f s", backend, totals.count, rooms, milliseconds(seeded) / 1000))

        let service = RecordingService(
            store: store, inspector: NoMedia(), settings: RecordingSettings(roots: ["/data/dvr"]), logger: Logger(label: "bench"))
        // A cursor half-way down the table: a deep page costs the same as the first.
        let middle = try await store.recordings(RecordingQuery(after: RecordingCursor(startedAtMillis: Int64((now.timeIntervalSince1970 - Double(count / 2) * 60) * 1000), id: "~"), limit: 1))
        guard let deepCursor = middle.first.map({ RecordingCursor($0).encoded }) else { throw BenchError("no row half-way down") }
        let room = String(format: "room-%06d", rooms / 2)
        let cases: [(String, RecordingFilter, String?)] = [
            ("first page, no filter", RecordingFilter(), nil),
            ("deep page (cursor half-way), no filter", RecordingFilter(), deepCursor),
            ("roomId", RecordingFilter(roomId: room), nil),
            ("owner", RecordingFilter(owner: String(format: "user-%06d", rooms / 3)), nil),
            ("liveId", RecordingFilter(liveId: String(format: "live%06d", rooms / 4)), nil),
            ("status=corrupt", RecordingFilter(status: .corrupt), nil),
            ("from/to (one day, a year ago)", RecordingFilter(from: now.addingTimeInterval(-365 * 86400), to: now.addingTimeInterval(-364 * 86400)), nil),
            ("roomId + status=ready", RecordingFilter(roomId: room, status: .ready), nil),
        ]
        print("one page of 50, \(iterations) times each (target <= 5 ms):")
        for (name, filter, cursor) in cases {
            var samples: [Double] = []
            var rowsSeen = 0
            for iteration in 0..<(iterations + 20) {
                let start = ContinuousClock.now
                let page = try await service.list(filter, cursor: cursor, limit: 50)
                let elapsed = ContinuousClock.now - start
                if iteration >= 20 { samples.append(milliseconds(elapsed)) }
                rowsSeen = page.recordings.count
            }
            print("  \(name.padding(toLength: 40, withPad: " ", startingAt: 0)) \(rowsSeen) rows  \(summary(samples))")
        }
    }
}

/// List pages never inspect anything.
struct NoMedia: RecordingInspecting {
    func inspect(path: String) async -> RecordingCheck { RecordingCheck(media: nil, problem: RecordingProblem("x", "not used")) }
    func remux(input: String, output: String, fastStart: Bool) async throws -> RemuxSummary { throw RecordingProblem("x", "not used") }
}
