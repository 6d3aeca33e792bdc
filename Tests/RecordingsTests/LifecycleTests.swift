import Foundation
import SidecarCore
import TestFixtures
import Testing

/// Delete, verify, orphan scan, crash leftovers and repair, the MP4 remux.
@Suite("Recordings: delete, verify, scan, repair")
struct LifecycleTests {
    func indexed(_ h: RecordingsHarness, _ fixture: String, as name: String, liveId: String = "room1", age: TimeInterval = 3600) async throws -> Recording {
        let path = try h.place(fixture, as: name, age: age)
        let outcome = await h.service.recordingFinished(path: path, cwd: nil, app: "live", liveId: liveId, clientId: "c1")
        guard case .indexed(let recording) = outcome else { throw FFmpegFailure(description: "not indexed: \(outcome)") }
        return recording
    }

    @Test func deleteRemovesFileAndRowAndSaysSo() async throws {
        let h = try await RecordingsHarness()
        defer { h.remove() }
        try await h.room("room-1", liveId: "room1", owner: "alice")
        let recording = try await indexed(h, "recordings/sample.flv", as: "live/room1.1795374877671.flv")
        let deleted = try await h.service.delete(id: recording.id, cause: "api")
        #expect(deleted.id == recording.id)
        #expect(!FileManager.default.fileExists(atPath: recording.path))
        #expect(try await h.store.recording(id: recording.id) == nil)
        let events = try await h.events()
        #expect(events.map(\.type) == ["recording.ready", "recording.deleted"])
        #expect(try h.payload(events[1]).cause == "api")
        await #expect(throws: SidecarError.self) { try await h.service.delete(id: recording.id, cause: "api") }
        await #expect(throws: SidecarError.self) { try await h.service.delete(id: "../../etc", cause: "api") }
    }

    /// A folder of an indexed recording is replaced by a link out of the roots: the file is
    /// neither served nor deleted, and what the link points at is untouched.
    @Test func aFolderSwappedForALinkOutIsNeitherServedNorDeleted() async throws {
        let h = try await RecordingsHarness()
        defer { h.remove() }
        let recording = try await indexed(h, "recordings/sample.flv", as: "live/x.1795374877671.flv")
        let outside = h.folder + "/outside"
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Fixtures.path("recordings/sample.mp4"), toPath: outside + "/x.1795374877671.flv")
        try h.touch(outside + "/x.1795374877671.flv", age: 3600)
        try FileManager.default.moveItem(atPath: h.root + "/live", toPath: h.root + "/live-moved")
        try FileManager.default.createSymbolicLink(atPath: h.root + "/live", withDestinationPath: outside)

        await #expect(throws: SidecarError.self) { _ = try await h.service.file(id: recording.id) }
        do {
            try await h.service.delete(id: recording.id, cause: "api")
            Issue.record("deleted through a link out of the roots")
        } catch let error as SidecarError {
            #expect(error.code == .conflict)
        }
        #expect(FileManager.default.fileExists(atPath: outside + "/x.1795374877671.flv"))
        #expect(try await h.store.recording(id: recording.id) != nil)
    }

    @Test func aFileStillBeingWrittenIsNotDeleted() async throws {
        let h = try await RecordingsHarness()
        defer { h.remove() }
        // 1. The media server's .tmp sibling is there.
        let a = try await indexed(h, "recordings/sample.flv", as: "live/a.1795374877671.flv")
        try h.write([1, 2, 3], as: "live/a.1795374877671.flv.tmp")
        // 2. Modified moments ago.
        let b = try await indexed(h, "recordings/sample.flv", as: "live/b.1795374877671.flv")
        try h.touch(b.path, age: 2)
        // 3. Its room is still live in the recording's session.
        try await h.room("room-c", liveId: "c", owner: "carol", clientId: "c1", sessionId: "sess-c")
        let c = try await indexed(h, "recordings/sample.flv", as: "live/c.1795374877671.flv", liveId: "c")
        #expect(c.sessionId == "sess-c")
        for recording in [a, b, c] {
            do {
                try await h.service.delete(id: recording.id, cause: "api")
                Issue.record("\(recording.relativePath) was deleted while still written")
            } catch let error as SidecarError {
                #expect(error.code == .conflict, "\(error)")
            }
            #expect(FileManager.default.fileExists(atPath: recording.path))
            #expect(try await h.store.recording(id: recording.id) != nil)
        }
        // Once the writing is over, it goes.
        try FileManager.default.removeItem(atPath: a.path + ".tmp")
        try await h.service.delete(id: a.id, cause: "api")
        h.clock.advance(60)
        try await h.service.delete(id: b.id, cause: "api")
    }

    @Test func verifyFindsMissingChangedAndCorruptFilesAndRecoveries() async throws {
        let h = try await RecordingsHarness()
        defer { h.remove() }
        let gone = try await indexed(h, "recordings/sample.flv", as: "live/gone.1795374877671.flv")
        let cut = try await indexed(h, "recordings/sample.mp4", as: "live/cut.1795374877671.mp4")
        let fine = try await indexed(h, "recordings/sample.flv", as: "live/fine.1795374877671.flv")
        try FileManager.default.removeItem(atPath: gone.path)
        // The MP4 loses its tail.
        let bytes = Fixtures.bytes("recordings/sample.mp4")
        try h.write(Array(bytes.prefix(40_000)), as: "live/cut.1795374877671.mp4")

        let dry = try await h.service.verify(dryRun: true)
        #expect(dry.checked == 3 && dry.missing == 1 && dry.corrupt == 1 && dry.ready == 1)
        #expect(Set(dry.changed.map(\.id)) == [gone.id, cut.id])
        #expect(try await h.store.recording(id: gone.id)?.status == .ready, "a dry run writes nothing")

        let report = try await h.service.verify(dryRun: false)
        #expect(report.missing == 1 && report.corrupt == 1 && report.ready == 1)
        let missing = try #require(try await h.store.recording(id: gone.id))
        #expect(missing.status == .missing && missing.reason == RecordingProblem.missing)
        let truncated = try #require(try await h.store.recording(id: cut.id))
        #expect(truncated.status == .corrupt && truncated.reason == RecordingProblem.truncated && truncated.size == 40_000)
        #expect(try #require(try await h.store.recording(id: fine.id)).checkedAt == h.clock.now)
        let failed = try await h.events().filter { $0.type == "recording.failed" }
        #expect(failed.count == 2)
        #expect(try failed.allSatisfy { try h.payload($0).cause == "verify" })

        // A second pass changes nothing and says nothing.
        let quiet = try await h.service.verify(dryRun: false)
        #expect(quiet.changed.isEmpty)
        #expect(try await h.events().count == 5)

        // The file comes back: ready again, announced.
        try h.place("recordings/sample.mp4", as: "live/cut.1795374877671.mp4")
        _ = try await h.service.verify(dryRun: false)
        #expect(try await h.store.recording(id: cut.id)?.status == .ready)
        #expect(try await h.events().last?.type == "recording.ready")
        // Nothing was deleted.
        #expect(try await h.count() == 3)
    }

    @Test func orphanScanAdoptsUnknownFilesAndReportsCrashLeftovers() async throws {
        let h = try await RecordingsHarness()
        defer { h.remove() }
        try await h.room("room-2", liveId: "room2", owner: "bob")
        let known = try await indexed(h, "recordings/sample.flv", as: "live/known.1795374877671.flv", liveId: "known")
        try h.place("srs/dvr/room2.1795374877671.flv", as: "live/room2.1795374877671.flv")
        try h.place("recordings/cut-noindex.mp4", as: "live/room2.1795374999999.mp4")
        // SRS was stopped with SIGTERM mid-recording: the .tmp stays, cut anywhere.
        let flv = Fixtures.bytes("recordings/sample.flv")
        try h.write(Array(flv.prefix(40_000)), as: "live/room3.1795375000000.flv.tmp")
        // Still being written: left alone.
        try h.write(Array(flv.prefix(1000)), as: "live/room4.1795375000000.flv.tmp", age: 1)
        // Not media, hidden, or a link: ignored.
        try h.write(Array("notes".utf8), as: "live/readme.txt")
        try h.write(Array(flv), as: "live/.hidden.flv")
        try FileManager.default.createSymbolicLink(atPath: h.root + "/live/link.flv", withDestinationPath: known.path)

        let dry = try await h.service.scan(dryRun: true)
        #expect(Set(dry.orphans.map(\.file)) == ["live/room2.1795374877671.flv", "live/room2.1795374999999.mp4"])
        #expect(dry.orphans.allSatisfy { $0.recording == nil })
        #expect(try await h.count() == 1, "a dry run adopts nothing")

        let report = try await h.service.scan(dryRun: false)
        #expect(report.files == 5)
        let adopted = try #require(report.orphans.first { $0.file == "live/room2.1795374877671.flv" }?.recording)
        #expect(adopted.origin == .adopted && adopted.status == .ready)
        #expect(adopted.roomId == "room-2" && adopted.owner == "bob" && adopted.liveId == "room2" && adopted.app == "live")
        #expect(adopted.media?.videoCodec == "h264")
        #expect(adopted.startedAt == Date(timeIntervalSince1970: 1_795_374_877.671))
        let noIndex = try #require(report.orphans.first { $0.file == "live/room2.1795374999999.mp4" })
        #expect(noIndex.status == .corrupt && noIndex.reason == RecordingProblem.noIndex)
        #expect(Set(report.leftovers.map(\.file)) == ["live/room3.1795375000000.flv.tmp", "live/room2.1795374999999.mp4"])
        let tmp = try #require(report.leftovers.first { $0.kind == .temporary })
        #expect(tmp.repairable)
        #expect(report.leftovers.first { $0.kind == .mp4WithoutIndex }?.repairable == false)
        #expect(report.busy == ["live/room4.1795375000000.flv.tmp"])
        #expect(try await h.count() == 3)
        // Adopted files announce themselves like hooked ones.
        #expect(try await h.events().map(\.type) == ["recording.ready", "recording.ready", "recording.failed"])

        // Scanning again adopts nothing new.
        #expect(try await h.service.scan(dryRun: false).orphans.isEmpty)
        // Nothing was deleted.
        for file in ["live/room3.1795375000000.flv.tmp", "live/room4.1795375000000.flv.tmp", "live/readme.txt", "live/.hidden.flv"] {
            #expect(FileManager.default.fileExists(atPath: h.root + "/" + file))
        }
    }

    @Test func aCrashLeftoverIsRepairedIntoANewFile() async throws {
        let h = try await RecordingsHarness()
        defer { h.remove() }
        try await h.room("room-3", liveId: "room3", owner: "carol")
        let flv = Fixtures.bytes("recordings/sample.flv")
        let tmp = try h.write(Array(flv.prefix(45_000)), as: "live/room3.1795375000000.flv.tmp")

        let dry = try await h.service.repair("live/room3.1795375000000.flv.tmp", dryRun: true)
        #expect(dry.output == "live/room3.1795375000000.flv" && dry.recording == nil)
        #expect(!FileManager.default.fileExists(atPath: h.root + "/live/room3.1795375000000.flv"))

        let report = try await h.service.repair(tmp, dryRun: false)
        #expect(report.input == "live/room3.1795375000000.flv.tmp" && report.output == "live/room3.1795375000000.flv")
        let recording = try #require(report.recording)
        #expect(recording.status == .ready && recording.origin == .repaired && recording.roomId == "room-3")
        #expect((recording.media?.duration ?? 0) > 1.5 && (recording.media?.duration ?? 9) < 3.0)
        #expect(FileManager.default.fileExists(atPath: tmp), "the original stays unless asked")
        #expect(try FileManager.default.contentsOfDirectory(atPath: h.root + "/live").allSatisfy { !$0.contains("partial") })

        // A second repair of the same leftover does not overwrite the first.
        let second = try await h.service.repair(tmp, dryRun: false, removeOriginal: true)
        #expect(second.output == "live/room3.1795375000000.repaired.flv")
        #expect(second.removedOriginal && !FileManager.default.fileExists(atPath: tmp))
    }

    @Test func aDamagedRecordingIsRepairedAndAnMP4WithoutIndexIsNot() async throws {
        let h = try await RecordingsHarness()
        defer { h.remove() }
        let noIndex = try await indexed(h, "recordings/cut-noindex.mp4", as: "live/x.1795374877671.mp4")
        #expect(noIndex.reason == RecordingProblem.noIndex)
        do {
            _ = try await h.service.repair(noIndex.id, dryRun: false)
            Issue.record("an MP4 without its index was repaired")
        } catch let error as SidecarError {
            #expect(error.code == .conflict && error.message.contains("cannot be repaired"))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: h.root + "/live") == ["x.1795374877671.mp4"], "nothing written")

        // A ready recording has nothing to repair; an unknown target is refused.
        let ready = try await indexed(h, "recordings/sample.flv", as: "live/y.1795374877671.flv")
        await #expect(throws: SidecarError.self) { _ = try await h.service.repair(ready.id, dryRun: true) }
        await #expect(throws: SidecarError.self) { _ = try await h.service.repair("/etc/passwd", dryRun: true) }
        await #expect(throws: SidecarError.self) { _ = try await h.service.repair("../outside.flv", dryRun: true) }

        // An FLV whose tail is garbage: the readable part becomes a new recording.
        var damaged = Fixtures.bytes("recordings/sample.flv")
        for index in 50_000..<damaged.count { damaged[index] = UInt8(truncatingIfNeeded: index &* 31) }
        try h.write(damaged, as: "live/z.1795374877671.flv")
        let outcome = await h.service.recordingFinished(path: h.root + "/live/z.1795374877671.flv", cwd: nil, app: "live", liveId: "z", clientId: nil)
        guard case .indexed(let broken) = outcome else { Issue.record("\(outcome)"); return }
        if broken.status == .corrupt {
            let report = try await h.service.repair(broken.id, dryRun: false)
            #expect(report.output == "live/z.1795374877671.repaired.flv")
            #expect(report.recording?.sourceId == broken.id && report.recording?.status == .ready)
        }
    }

    @Test func readyFLVIsRemuxedIntoAFastStartMP4() async throws {
        let h = try await RecordingsHarness(remuxApps: ["live"])
        defer { h.remove() }
        try await h.room("room-1", liveId: "room1", owner: "alice", clientId: "c1", sessionId: "s1")
        let flv = try await indexed(h, "recordings/sample.flv", as: "live/room1.1795374877671.flv")
        // The hook started the remux in the background; ask for it directly too (idempotent
        // on the file: the second finds the first's MP4 and picks another name).
        var mp4: Recording?
        for _ in 0..<200 {
            mp4 = try await h.store.recordings(RecordingQuery(limit: 10)).first { $0.origin == .remuxed }
            if mp4 != nil { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        let made = try #require(mp4)
        #expect(made.relativePath == "live/room1.1795374877671.mp4")
        #expect(made.media?.format == "mp4" && made.status == .ready && made.sourceId == flv.id)
        #expect(made.roomId == "room-1" && made.sessionId == "s1" && made.startedAt == flv.startedAt)
        let head = Array(try Data(contentsOf: URL(fileURLWithPath: made.path)).prefix(64))
        #expect(String(decoding: head[4..<8], as: UTF8.self) == "ftyp")
        let ftypSize = Int(head[0..<4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
        #expect(String(decoding: head[ftypSize + 4..<ftypSize + 8], as: UTF8.self) == "moov", "fast start")

        let corrupt = try await indexed(h, "recordings/cut-noindex.mp4", as: "live/q.1795374877671.mp4")
        await #expect(throws: SidecarError.self) { try await h.service.remuxToMP4(id: corrupt.id) }
    }
}
