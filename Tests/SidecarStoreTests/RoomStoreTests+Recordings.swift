import Foundation
import SidecarCore
import SidecarStore
import Testing

/// A recording with every column set, `minutes` after t0.
func makeRecording(
    _ id: String, minutes: Int = 0, room: String? = "r1", owner: String? = "alice", liveId: String = "live-r1", app: String = "live",
    status: RecordingStatus = .ready, size: Int64 = 1000
) -> Recording {
    let started = t0.addingTimeInterval(Double(minutes) * 60)
    return Recording(
        id: id, path: "/data/dvr/\(app)/\(liveId).\(id).flv", root: "/data/dvr", app: app, liveId: liveId, roomId: room, owner: owner,
        sessionId: "sess-\(id)", clientId: "c-\(id)", startedAt: started, endedAt: started.addingTimeInterval(30), size: size,
        modifiedAt: started.addingTimeInterval(30),
        media: RecordingMedia(
            format: "flv", duration: 30.04, videoCodec: "h264", audioCodec: "aac", width: 320, height: 180, frameRate: 25,
            bitRate: 190_000),
        status: status, reason: status == .ready ? nil : "damaged", detail: status == .ready ? nil : "read error",
        origin: .hook, sourceId: nil, indexedAt: started.addingTimeInterval(31), checkedAt: started.addingTimeInterval(31))
}

func readyEvent(_ recording: Recording) -> EventDraft {
    EventDraft(.recordingReady, roomId: recording.roomId, payload: ["id": recording.id])
}

/// The recordings index, on both backends.
extension RoomStoreTests {
    @Test(arguments: Backend.all)
    func recordingsAreInsertedOnceByPathWithTheirEvent(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let recording = makeRecording("rec1")
            #expect(try await store.insertRecording(recording, event: readyEvent(recording)) == .inserted(recording))
            #expect(try await store.recording(id: "rec1") == recording, "every column comes back")
            #expect(try await store.recording(path: recording.path) == recording)

            // Another id for the same path (a duplicate hook raced us): the first row stays.
            var duplicate = makeRecording("rec2")
            duplicate.path = recording.path
            #expect(try await store.insertRecording(duplicate, event: readyEvent(duplicate)) == .existing(recording))
            #expect(try await store.recording(id: "rec2") == nil)

            var bare = makeRecording("rec3")
            bare.media = nil
            bare.roomId = nil
            bare.owner = nil
            bare.sessionId = nil
            bare.clientId = nil
            #expect(try await store.insertRecording(bare, event: nil) == .inserted(bare))
            #expect(try await store.recording(id: "rec3") == bare, "NULL columns come back as nil")
            #expect(try await store.recording(id: "nope") == nil)

            let events = try await store.allEvents()
            #expect(events.map(\.type) == ["recording.ready"], "no event for a duplicate, none when none is given")
            #expect(events.first?.roomId == "r1")
        }
    }

    @Test(arguments: Backend.all)
    func recordingUpdatesNeverBringBackADeletedRow(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let recording = makeRecording("rec1")
            _ = try await store.insertRecording(recording, event: nil)
            var corrupt = recording
            corrupt.status = .missing
            corrupt.reason = "missing"
            corrupt.checkedAt = t0.addingTimeInterval(3600)
            let failed = EventDraft(.recordingFailed, roomId: "r1", payload: ["id": "rec1"])
            #expect(try await store.updateRecording(corrupt, event: failed))
            #expect(try await store.recording(id: "rec1") == corrupt)

            let deleted = try await store.deleteRecording(id: "rec1") { row in
                EventDraft(.recordingDeleted, roomId: row.roomId, payload: ["id": row.id])
            }
            #expect(deleted == corrupt)
            #expect(try await store.deleteRecording(id: "rec1") { _ in Issue.record("no event for nothing"); return nil } == nil)
            #expect(try await store.updateRecording(corrupt, event: failed) == false)
            #expect(try await store.recording(id: "rec1") == nil)
            #expect(try await store.allEvents().map(\.type) == ["recording.failed", "recording.deleted"])
        }
    }

    @Test(arguments: Backend.all)
    func recordingsPageNewestFirstWithACursor(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            // 130 recordings; every three share a start time, so the id breaks ties.
            var all: [Recording] = []
            for index in 0..<130 {
                let room = ["r1", "r2", "r3"][index % 3]
                all.append(makeRecording(
                    String(format: "rec%03d", index), minutes: index / 3, room: room, owner: "owner-\(room)", liveId: "live-\(room)",
                    status: index % 10 == 0 ? .corrupt : .ready, size: Int64(100 + index)))
            }
            try await store.bulkInsertRecordings(all.shuffled())
            let newest = all.sorted { ($0.startedAt, $0.id) > ($1.startedAt, $1.id) }

            var query = RecordingQuery(limit: 25)
            var seen: [Recording] = []
            while true {
                let page = try await store.recordings(query)
                seen += page
                guard page.count == query.limit, let last = page.last else { break }
                query.after = RecordingCursor(last)
            }
            #expect(seen.map(\.id) == newest.map(\.id), "every row once, newest first, ids breaking ties")

            query = RecordingQuery(oldestFirst: true, limit: 40)
            seen = []
            while true {
                let page = try await store.recordings(query)
                seen += page
                guard page.count == query.limit, let last = page.last else { break }
                query.after = RecordingCursor(last)
            }
            #expect(seen.map(\.id) == newest.reversed().map(\.id))

            func ids(_ query: RecordingQuery) async throws -> [String] { try await store.recordings(query).map(\.id) }
            #expect(try await ids(RecordingQuery(roomId: "r2", limit: 500)) == newest.filter { $0.roomId == "r2" }.map(\.id))
            #expect(try await ids(RecordingQuery(owner: "owner-r3", limit: 500)) == newest.filter { $0.owner == "owner-r3" }.map(\.id))
            #expect(try await ids(RecordingQuery(liveId: "live-r1", limit: 500)) == newest.filter { $0.liveId == "live-r1" }.map(\.id))
            #expect(try await ids(RecordingQuery(status: .corrupt, limit: 500)) == newest.filter { $0.status == .corrupt }.map(\.id))
            #expect(try await ids(RecordingQuery(app: "other", limit: 500)).isEmpty)
            let from = t0.addingTimeInterval(10 * 60)
            let to = t0.addingTimeInterval(20 * 60)
            #expect(
                try await ids(RecordingQuery(roomId: "r1", status: .ready, from: from, to: to, limit: 500))
                    == newest.filter { $0.roomId == "r1" && $0.status == .ready && $0.startedAt >= from && $0.startedAt < to }.map(\.id))
            let firstPage = try await store.recordings(RecordingQuery(roomId: "r1", limit: 5))
            let second = try await ids(RecordingQuery(roomId: "r1", after: RecordingCursor(try #require(firstPage.last)), limit: 5))
            #expect(second == newest.filter { $0.roomId == "r1" }.dropFirst(5).prefix(5).map(\.id))

            #expect(try await store.recordingTotals(RecordingQuery()) == RecordingTotals(count: 130, bytes: all.reduce(0) { $0 + $1.size }))
            let r2 = all.filter { $0.roomId == "r2" }
            #expect(try await store.recordingTotals(RecordingQuery(roomId: "r2")) == RecordingTotals(count: r2.count, bytes: r2.reduce(0) { $0 + $1.size }))
            #expect(try await store.recordingTotals(RecordingQuery(app: "none")) == RecordingTotals(count: 0, bytes: 0))
            #expect(try await store.recordingCountsByRoom() == ["r1": 44, "r2": 43, "r3": 43])
        }
    }

    @Test(arguments: Backend.all)
    func bulkInsertOfRecordingsIsAllOrNothing(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let first = makeRecording("rec1")
            try await store.bulkInsertRecordings([first])
            var clash = makeRecording("rec3")
            clash.path = first.path
            await #expect(throws: StoreError.self) { try await store.bulkInsertRecordings([makeRecording("rec2"), clash]) }
            #expect(try await store.recording(id: "rec2") == nil)
            #expect(try await store.recordingTotals(RecordingQuery()).count == 1)
        }
    }
}
