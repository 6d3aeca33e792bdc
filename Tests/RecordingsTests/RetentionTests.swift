import Foundation
import SidecarCore
import TestFixtures
import Testing

/// Retention over many recordings with set times and sizes.
@Suite("Recordings: retention")
struct RetentionTests {
    static let day: TimeInterval = 86_400

    /// `count` recordings of `roomId`, one a day going back from now (the newest 1 day old),
    /// each a real small file of `size` bytes whose row says so.
    func seed(_ h: RecordingsHarness, roomId: String?, liveId: String, app: String = "live", count: Int, size: Int = 1000) async throws -> [Recording] {
        var rows: [Recording] = []
        for index in 0..<count {
            let ended = h.clock.now.addingTimeInterval(-Double(index + 1) * Self.day)
            let started = ended.addingTimeInterval(-600)
            let relative = "\(app)/\(liveId).\(Int64(started.timeIntervalSince1970 * 1000)).flv"
            let path = try h.write([UInt8](repeating: 7, count: size), as: relative, age: Double(index + 1) * Self.day)
            rows.append(Recording(
                id: Identifiers.random(), path: path, root: h.root, app: app, liveId: liveId, roomId: roomId, owner: roomId.map { "o-\($0)" },
                sessionId: "s-\(liveId)-\(index)", startedAt: started, endedAt: ended, size: Int64(size), modifiedAt: ended,
                status: .ready, indexedAt: ended, checkedAt: ended))
        }
        try await h.store.bulkInsertRecordings(rows)
        return rows  // newest first
    }

    func remaining(_ h: RecordingsHarness) async throws -> Set<String> {
        Set(try await h.store.recordings(RecordingQuery(limit: 10_000)).map(\.id))
    }

    @Test func maxAgeKeepsTheNewestPerRoomAndADryRunDeletesNothing() async throws {
        let h = try await RecordingsHarness(retention: RetentionRules(global: RetentionPolicy(maxAge: 10 * Self.day, keepMin: 2)))
        defer { h.remove() }
        let busy = try await seed(h, roomId: "r1", liveId: "l1", count: 30)
        let quiet = try await seed(h, roomId: "r2", liveId: "l2", count: 3)
        // r3's two recordings are both old, and keep-min is 2: both stay.
        let old = try await seed(h, roomId: "r3", liveId: "l3", count: 2).map { recording -> Recording in recording }
        for recording in old { try h.touch(recording.path, age: 400 * Self.day) }
        _ = quiet

        let dry = try await h.service.applyRetention(dryRun: true)
        // r1: days 11...30 are over 10 days old (index 10..<30).
        #expect(Set(dry.deleted.map(\.recording.id)) == Set(busy[10...].map(\.id)))
        #expect(dry.deleted.allSatisfy { $0.rule == "max_age" })
        #expect(dry.freedBytes == 20_000)
        #expect(try await remaining(h).count == 35, "a dry run deletes nothing")
        #expect(try await h.events().isEmpty)

        let report = try await h.service.applyRetention(dryRun: false)
        #expect(report.deleted.map(\.recording.id) == dry.deleted.map(\.recording.id))
        #expect(report.failures.isEmpty)
        #expect(try await remaining(h) == Set((Array(busy[..<10]) + quiet + old).map(\.id)))
        for recording in busy[10...] { #expect(!FileManager.default.fileExists(atPath: recording.path)) }
        let events = try await h.events()
        #expect(events.count == 20 && events.allSatisfy { $0.type == "recording.deleted" })
        #expect(try h.payload(events[0]).cause == "retention")
        // Oldest first.
        #expect(try h.payload(events[0]).recording.id == busy[29].id)

        // Nothing more to do.
        #expect(try await h.service.applyRetention(dryRun: false).deleted.isEmpty)
    }

    @Test func roomAndAppRulesOverrideTheGlobalOneAndByteCapsGoOldestFirst() async throws {
        let rules = RetentionRules(
            global: RetentionPolicy(maxAge: 100 * Self.day),
            apps: ["vod": RetentionPolicy(maxBytes: 5_000)],
            rooms: ["vip": RetentionPolicy(maxAge: 365 * Self.day), "small": RetentionPolicy(maxBytes: 3_000, keepMin: 1)])
        let h = try await RecordingsHarness(retention: rules)
        defer { h.remove() }
        let vip = try await seed(h, roomId: "vip", liveId: "vip", count: 200)
        let small = try await seed(h, roomId: "small", liveId: "small", count: 10)
        let normal = try await seed(h, roomId: "normal", liveId: "normal", count: 120)
        let vod = try await seed(h, roomId: "vodroom", liveId: "vodroom", app: "vod", count: 9)

        let report = try await h.service.applyRetention(dryRun: false)
        let gone = Set(report.deleted.map(\.recording.id))
        // vip keeps everything under a year; normal loses what is over 100 days.
        #expect(vip.allSatisfy { !gone.contains($0.id) })
        #expect(Set(normal[100...].map(\.id)).isSubset(of: gone) && normal[..<100].allSatisfy { !gone.contains($0.id) })
        // small: 10 × 1,000 bytes under a 3,000-byte cap: the 7 oldest go.
        #expect(small[..<3].allSatisfy { !gone.contains($0.id) } && Set(small[3...].map(\.id)).isSubset(of: gone))
        // vod app: 9,000 bytes under 5,000: the 4 oldest go.
        #expect(vod[..<5].allSatisfy { !gone.contains($0.id) } && Set(vod[5...].map(\.id)).isSubset(of: gone))
        #expect(report.deleted.filter { $0.rule == "max_bytes:room:small" }.count == 7)
        #expect(report.deleted.filter { $0.rule == "max_bytes:app:vod" }.count == 4)
        #expect(gone.count == 20 + 7 + 4)
        #expect(try await remaining(h).count == 339 - 31)
    }

    @Test func aGlobalByteCapRespectsKeepMinAndSkipsFilesStillWritten() async throws {
        let h = try await RecordingsHarness(retention: RetentionRules(global: RetentionPolicy(maxBytes: 10_000, keepMin: 3)))
        defer { h.remove() }
        let a = try await seed(h, roomId: "a", liveId: "a", count: 10, size: 2_000)
        let b = try await seed(h, roomId: "b", liveId: "b", count: 4, size: 2_000)
        // The oldest of a is, oddly, still being written (its .tmp sibling exists).
        try h.write([1], as: "live/" + (a[9].path as NSString).lastPathComponent + ".tmp")

        let report = try await h.service.applyRetention(dryRun: false)
        // 28,000 bytes over a 10,000 cap would need 9 to go, oldest first; but each room keeps
        // 3 (a[9], still written, is one of a's) and a[9] stays: only 8 can go, and the cap is
        // left exceeded rather than a rule broken.
        #expect(report.kept.map(\.id) == [a[9].id])
        let gone = Set(report.deleted.map(\.recording.id))
        #expect(gone == Set((Array(a[2...8]) + [b[3]]).map(\.id)))
        let left = try await h.store.recordingTotals(RecordingQuery())
        #expect(left.bytes == 28_000 - 16_000)
        #expect(FileManager.default.fileExists(atPath: a[9].path))
    }

    @Test func noRulesDeleteNothing() async throws {
        let h = try await RecordingsHarness()
        defer { h.remove() }
        _ = try await seed(h, roomId: "r", liveId: "r", count: 50)
        #expect(try await h.service.applyRetention(dryRun: false).deleted.isEmpty)
        #expect(try await h.count() == 50)
    }
}
