import Foundation
import SidecarCore
import TestFixtures
import Testing

/// `on_dvr` → the index: the real SRS DVR file, ffmpeg's recordings, duplicates, and every
/// way a path could try to get out of the roots.
@Suite("Recordings: indexing")
struct IndexTests {
    @Test func theRealSRSRecordingIsIndexedWithItsRoomSessionAndMedia() async throws {
        let h = try await RecordingsHarness()
        defer { h.remove() }
        try await h.room("room-2", liveId: "room2", owner: "bob", clientId: "au9o8a5b", sessionId: "sess-42")
        let file = try h.place("srs/dvr/room2.1795374877671.flv", as: "live/room2.1795374877671.flv")

        // As SRS reports it: cwd + a relative dvr_path.
        let outcome = await h.service.recordingFinished(
            path: "./dvr/live/room2.1795374877671.flv", cwd: h.folder, app: "live", liveId: "room2", clientId: "au9o8a5b")
        guard case .indexed(let recording) = outcome else {
            Issue.record("not indexed: \(outcome)")
            return
        }
        #expect(recording.path == file)
        #expect(recording.relativePath == "live/room2.1795374877671.flv")
        #expect(recording.status == .ready && recording.reason == nil)
        #expect(recording.roomId == "room-2" && recording.owner == "bob" && recording.liveId == "room2")
        #expect(recording.sessionId == "sess-42" && recording.clientId == "au9o8a5b" && recording.app == "live")
        #expect(recording.startedAt == Date(timeIntervalSince1970: 1_795_374_877.671), "[timestamp] of the DVR name")
        #expect(recording.size == 97_494)
        #expect(recording.origin == .hook)
        let media = try #require(recording.media)
        #expect(media.format == "flv")
        #expect(media.videoCodec == "h264" && media.audioCodec == nil, "the DVR sample has video only")
        #expect(media.width == 320 && media.height == 180)
        #expect(abs((media.duration ?? 0) - 4.08) < 0.05)
        #expect(try await h.store.recording(id: recording.id) == recording)

        let events = try await h.events()
        #expect(events.map(\.type) == ["recording.ready"])
        #expect(events.first?.roomId == "room-2", "in the room's event order")
        let payload = try h.payload(try #require(events.first))
        #expect(payload.recording.id == recording.id && payload.recording.file == "live/room2.1795374877671.flv")
        #expect(payload.recording.contentType == "video/x-flv")

        // SRS never retries, but a duplicate (a replay, a second sidecar) changes nothing.
        let again = await h.service.recordingFinished(path: file, cwd: nil, app: "live", liveId: "room2", clientId: "au9o8a5b")
        #expect(again == .duplicate(recording))
        #expect(try await h.events().count == 1)
        #expect(try await h.count() == 1)
    }

    /// The same hook several times at once, through one service and through two (two
    /// sidecars on one store): one row, one event.
    @Test func concurrentDuplicateHooksIndexOnce() async throws {
        let h = try await RecordingsHarness()
        defer { h.remove() }
        let path = try h.place("recordings/sample.flv", as: "live/dup.1795374877671.flv")
        let services = [h.service, h.secondService()]
        let outcomes = await withTaskGroup(of: RecordingOutcome.self) { group in
            for index in 0..<8 {
                let service = services[index % 2]
                group.addTask { await service.recordingFinished(path: path, cwd: nil, app: "live", liveId: "dup", clientId: "c") }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        let indexed = outcomes.filter { if case .indexed = $0 { true } else { false } }
        let duplicates = outcomes.filter { if case .duplicate = $0 { true } else { false } }
        #expect(indexed.count == 1 && duplicates.count == 7)
        #expect(try await h.count() == 1)
        #expect(try await h.events().count == 1)
    }

    @Test func theSessionIsFoundWhenOnUnpublishCameFirst() async throws {
        let h = try await RecordingsHarness()
        defer { h.remove() }
        try await h.room("room-1", liveId: "room1", owner: "alice")
        try await h.store.saveReadiness(ReadinessRecord(
            roomId: "room-1", sessionId: "sess-7", checkedAt: Date(timeIntervalSince1970: 1_795_374_880), ready: true, reason: nil,
            verdict: Data("{}".utf8)))
        try h.place("srs/dvr/room2.1795374877671.flv", as: "live/room1.1795374877671.flv", age: 1_795_400_000 - 1_795_374_882)
        let outcome = await h.service.recordingFinished(
            path: h.root + "/live/room1.1795374877671.flv", cwd: "/usr/local/srs", app: "live", liveId: "room1", clientId: "x1")
        guard case .indexed(let recording) = outcome else { Issue.record("\(outcome)"); return }
        #expect(recording.sessionId == "sess-7")
        #expect(recording.roomId == "room-1")
    }

    struct Expected: Sendable, CustomTestStringConvertible {
        var fixture: String
        var status: RecordingStatus
        var reason: String?
        var format: String?
        var audio: String?
        var testDescription: String { fixture }
    }

    @Test(arguments: [
        Expected(fixture: "recordings/sample.flv", status: .ready, format: "flv", audio: "aac"),
        Expected(fixture: "recordings/sample.mp4", status: .ready, format: "mp4", audio: "aac"),
        Expected(fixture: "recordings/fragmented.mp4", status: .ready, format: "mp4", audio: "aac"),
        Expected(fixture: "recordings/cut-noindex.mp4", status: .corrupt, reason: RecordingProblem.noIndex),
        Expected(fixture: "segments/garbage.ts", status: .corrupt, reason: RecordingProblem.unreadable),
        Expected(fixture: "segments/empty.ts", status: .corrupt, reason: RecordingProblem.unreadable),
    ])
    func ffmpegRecordingsAreValidated(_ expected: Expected) async throws {
        let h = try await RecordingsHarness()
        defer { h.remove() }
        let name = "live/stream1.1795374877671." + (expected.fixture as NSString).pathExtension
        try h.place(expected.fixture, as: name)
        let outcome = await h.service.recordingFinished(path: h.root + "/" + name, cwd: nil, app: "live", liveId: "stream1", clientId: nil)
        guard case .indexed(let recording) = outcome else { Issue.record("\(outcome)"); return }
        #expect(recording.status == expected.status)
        #expect(recording.reason == expected.reason)
        #expect(recording.media?.format == expected.format)
        if let audio = expected.audio { #expect(recording.media?.audioCodec == audio) }
        if expected.status == .ready {
            #expect(recording.media?.videoCodec == "h264" && recording.media?.width == 320)
            #expect(abs((recording.media?.duration ?? 0) - 3.0) < 0.1)
        } else {
            #expect(recording.detail?.isEmpty == false)
        }
        let events = try await h.events()
        #expect(events.map(\.type) == [expected.status == .ready ? "recording.ready" : "recording.failed"])
        #expect(events.first?.roomId == nil, "no room streams as stream1")
    }

    @Test func aFileRewrittenUnderTheSameNameIsIndexedAgain() async throws {
        let h = try await RecordingsHarness()
        defer { h.remove() }
        let path = try h.place("recordings/cut-noindex.mp4", as: "live/s.1795374877671.mp4")
        guard case .indexed(let first) = await h.service.recordingFinished(path: path, cwd: nil, app: "live", liveId: "s", clientId: nil)
        else { Issue.record("not indexed"); return }
        #expect(first.status == .corrupt)
        try h.place("recordings/sample.mp4", as: "live/s.1795374877671.mp4", age: 1800)
        guard case .indexed(let second) = await h.service.recordingFinished(path: path, cwd: nil, app: "live", liveId: "s", clientId: nil)
        else { Issue.record("not re-indexed"); return }
        #expect(second.id == first.id && second.status == .ready && second.size == 63_482)
        #expect(try await h.events().map(\.type) == ["recording.failed", "recording.ready"])
    }

    /// Every way out of the roots is refused with nothing read, indexed or emitted.
    @Test func traversalAttemptsAreRefusedAndNothingIsTouched() async throws {
        let h = try await RecordingsHarness()
        defer { h.remove() }
        // A real recording outside the root, and links inside the root that point at it.
        let outside = h.folder + "/outside"
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Fixtures.path("recordings/sample.flv"), toPath: outside + "/secret.flv")
        try FileManager.default.createSymbolicLink(atPath: h.root + "/live/link.flv", withDestinationPath: outside + "/secret.flv")
        try FileManager.default.createSymbolicLink(atPath: h.root + "/out", withDestinationPath: outside)
        try FileManager.default.createSymbolicLink(atPath: h.root + "/live/rel.flv", withDestinationPath: "../../outside/secret.flv")
        let before = try Data(contentsOf: URL(fileURLWithPath: outside + "/secret.flv"))

        let attempts: [(file: String, cwd: String?, code: RecordingPathError.Code)] = [
            (outside + "/secret.flv", nil, .outsideRoots),
            ("/etc/passwd", nil, .outsideRoots),
            ("/etc/passwd", h.root, .outsideRoots),
            ("../outside/secret.flv", h.root, .parentReference),
            (h.root + "/../outside/secret.flv", nil, .parentReference),
            (h.root + "/live/../../outside/secret.flv", nil, .parentReference),
            ("./dvr/live/../../outside/secret.flv", h.folder, .parentReference),
            ("outside/secret.flv", h.folder, .outsideRoots),
            (h.root + "/live/link.flv", nil, .symlinkEscape),
            (h.root + "/live/rel.flv", nil, .symlinkEscape),
            (h.root + "/out/secret.flv", nil, .symlinkEscape),
            ("out/secret.flv", h.root, .symlinkEscape),
            ("live/x.flv", nil, .relativeWithoutBase),
            ("live/x.flv", "relative", .relativeWithoutBase),
            ("", h.root, .empty),
            (h.root + "/live/a\u{0}.flv", nil, .invalid),
            (h.root + "/live/missing.flv", nil, .notFound),
            (h.root, nil, .invalid),
            (h.root + "/live", nil, .invalid),
        ]
        for attempt in attempts {
            let outcome = await h.service.recordingFinished(path: attempt.file, cwd: attempt.cwd, app: "live", liveId: "x", clientId: nil)
            guard case .refused(let error) = outcome else {
                Issue.record("\(attempt.cwd ?? "-") + \(attempt.file) was not refused: \(outcome)")
                continue
            }
            #expect(error.code == attempt.code, "\(attempt.cwd ?? "-") + \(attempt.file): \(error.message)")
        }
        #expect(try await h.count() == 0)
        #expect(try await h.events().isEmpty)
        #expect(try Data(contentsOf: URL(fileURLWithPath: outside + "/secret.flv")) == before)
        #expect(FileManager.default.fileExists(atPath: h.root + "/live/link.flv"))
    }

    @Test func withoutRootsEverythingIsRefused() async throws {
        let h = try await RecordingsHarness()
        defer { h.remove() }
        let path = try h.place("recordings/sample.flv", as: "live/a.flv")
        let service = RecordingService(
            store: h.store, inspector: NoInspector(), settings: RecordingSettings(roots: []), logger: .init(label: "t"))
        let outcome = await service.recordingFinished(path: path, cwd: nil, app: "live", liveId: "a", clientId: nil)
        guard case .refused(let error) = outcome else { Issue.record("\(outcome)"); return }
        #expect(error.code == .noRoots)
    }

    @Test func ffmpegRecordingsMadeNowAreIndexed() async throws {
        let h = try await RecordingsHarness()
        defer { h.remove() }
        let flv = h.root + "/live/fresh.1795399990000.flv"
        let mp4 = h.root + "/live/fresh.1795399990000.mp4"
        try await FFmpeg.record(flv, seconds: 2)
        try await FFmpeg.record(mp4, seconds: 2, extra: ["-movflags", "+faststart"])
        for path in [flv, mp4] {
            try h.touch(path, age: 60)
            let outcome = await h.service.recordingFinished(path: path, cwd: nil, app: "live", liveId: "fresh", clientId: nil)
            guard case .indexed(let recording) = outcome else { Issue.record("\(path): \(outcome)"); return }
            #expect(recording.status == .ready)
            #expect(recording.media?.videoCodec == "h264" && recording.media?.audioCodec == "aac")
            #expect(abs((recording.media?.duration ?? 0) - 2.0) < 0.15)
        }
    }
}

/// An inspector that must not be called.
struct NoInspector: RecordingInspecting {
    func inspect(path: String) async -> RecordingCheck {
        Issue.record("inspected \(path)")
        return RecordingCheck(media: nil, problem: RecordingProblem("x", "x"))
    }

    func remux(input: String, output: String, fastStart: Bool) async throws -> RemuxSummary {
        Issue.record("remuxed \(input)")
        throw RecordingProblem("x", "x")
    }
}
