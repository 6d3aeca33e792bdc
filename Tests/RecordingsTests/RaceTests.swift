import Foundation
import SidecarCore
import TestFixtures
import Testing

/// A delete racing with a verify (in this process, and from a second service on the same
/// store, as the ops CLI beside the daemon): a deleted recording never comes back, and
/// nothing but the deleted ones is lost.
@Suite("Recordings: delete racing with verify")
struct RaceTests {
    @Test(arguments: [false, true])
    func deleteRacingWithVerify(_ twoProcesses: Bool) async throws {
        let h = try await RecordingsHarness()
        defer { h.remove() }
        var recordings: [Recording] = []
        for index in 0..<40 {
            let path = try h.place("recordings/sample.flv", as: "live/r\(index).1795374877671.flv")
            guard case .indexed(let recording) = await h.service.recordingFinished(
                path: path, cwd: nil, app: "live", liveId: "r\(index)", clientId: nil)
            else { Issue.record("not indexed"); return }
            recordings.append(recording)
        }
        let deleter = twoProcesses ? h.secondService() : h.service
        let doomed = recordings.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)

        async let verified = h.service.verify(dryRun: false)
        async let verifiedAgain = deleter.verify(dryRun: false)
        let deletions = await withTaskGroup(of: Bool.self) { group in
            for recording in doomed {
                group.addTask { (try? await deleter.delete(id: recording.id, cause: "api")) != nil }
            }
            var count = 0
            for await deleted in group where deleted { count += 1 }
            return count
        }
        let (first, second) = try await (verified, verifiedAgain)
        #expect(deletions == doomed.count)
        #expect(first.checked <= 40 && second.checked <= 40)

        for recording in doomed {
            #expect(try await h.store.recording(id: recording.id) == nil, "a deleted recording came back")
            #expect(!FileManager.default.fileExists(atPath: recording.path))
        }
        for recording in recordings where !doomed.contains(recording) {
            let row = try #require(try await h.store.recording(id: recording.id))
            #expect(row.status == .ready)
            #expect(FileManager.default.fileExists(atPath: recording.path))
        }
        let deletedEvents = try await h.events().filter { $0.type == "recording.deleted" }
        #expect(deletedEvents.count == doomed.count, "one recording.deleted per recording")
        // Whatever a verify saw mid-delete, it never emitted for a recording after its delete.
        let events = try await h.events()
        for recording in doomed {
            let mine = try events.filter { try h.payload($0).recording.id == recording.id }.map(\.type)
            #expect(mine.last == "recording.deleted", "\(mine)")
        }
    }
}
