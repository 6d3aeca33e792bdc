import Foundation
import SidecarCore
import SidecarTestSupport
import Testing

@Suite("Room status: idempotent hooks, ordering, failures, readiness")
struct StatusTests {
    @Test("a duplicate on_publish is idempotent: one room.live event")
    func duplicatePublish() async throws {
        let h = try await SidecarHarness(readyAfter: 1000)
        defer { h.remove() }
        let room = try await h.makeRoom()
        for _ in 0..<3 { #expect(await PublishTests.publish(h, room, param: "?key=\(room.streamKey!)").allowed) }
        let events = try await h.store.events(afterId: 0, limit: 100).map(\.type)
        #expect(events == ["room.created", "room.live"])
    }

    @Test("a late on_unpublish of an older client changes nothing")
    func lateUnpublish() async throws {
        let h = try await SidecarHarness(readyAfter: 1000)
        defer { h.remove() }
        let room = try await h.makeRoom()
        #expect(await PublishTests.publish(h, room, param: "?key=\(room.streamKey!)", client: "old").allowed)
        await h.hooks.unpublish(StreamEndRequest(app: "live", stream: room.liveId, clientId: "old"))
        #expect(await PublishTests.publish(h, room, param: "?key=\(room.streamKey!)", client: "new").allowed)
        await h.hooks.unpublish(StreamEndRequest(app: "live", stream: room.liveId, clientId: "old"))
        let view = try await h.rooms.get(roomId: room.roomId)
        #expect(view.status == .live && view.publisher?.clientId == "new")
        await h.hooks.unpublish(StreamEndRequest(app: "live", stream: room.liveId, clientId: "new"))
        #expect(try await h.rooms.get(roomId: room.roomId).status == .idle)
    }

    @Test("a second encoder is refused while the first is connected, and replaces it once gone")
    func busy() async throws {
        let h = try await SidecarHarness(readyAfter: 1000)
        defer { h.remove() }
        let room = try await h.makeRoom()
        h.media.connect("first")
        #expect(await PublishTests.publish(h, room, param: "?key=\(room.streamKey!)", client: "first").allowed)
        #expect(await PublishTests.publish(h, room, param: "?key=\(room.streamKey!)", client: "second").code == .busy)
        h.media.disconnect("first")  // its on_unpublish was lost
        #expect(await PublishTests.publish(h, room, param: "?key=\(room.streamKey!)", client: "second").allowed)
        #expect(try await h.rooms.get(roomId: room.roomId).publisher?.clientId == "second")
    }

    @Test("the media server API failing while a stream starts leaves the room as it was, with a clear deny")
    func dependencyFailure() async throws {
        let h = try await SidecarHarness(readyAfter: 1000)
        defer { h.remove() }
        let room = try await h.makeRoom()
        h.media.connect("first")
        #expect(await PublishTests.publish(h, room, param: "?key=\(room.streamKey!)", client: "first").allowed)
        h.media.setFailing(true)
        let decision = await PublishTests.publish(h, room, param: "?key=\(room.streamKey!)", client: "second")
        #expect(decision.code == .unavailable)
        #expect(decision.reason.contains("unreachable"))
        #expect(try await h.rooms.get(roomId: room.roomId).publisher?.clientId == "first")
    }

    @Test("hundreds of concurrent hooks on one room leave one consistent state")
    func concurrentHooks() async throws {
        let h = try await SidecarHarness(readyAfter: 1000)
        defer { h.remove() }
        let room = try await h.makeRoom()
        let key = room.streamKey!
        for i in 0..<5 { h.media.connect("p\(i)") }  // so a second encoder is refused, never takes over
        await withTaskGroup(of: Void.self) { group in
            for i in 0..<300 {
                group.addTask {
                    switch i % 3 {
                    case 0: _ = await PublishTests.publish(h, room, param: "?key=\(key)", client: "p\(i % 5)")
                    case 1: await h.hooks.unpublish(StreamEndRequest(app: "live", stream: room.liveId, clientId: "p\(i % 5)"))
                    default: _ = await h.hooks.play(PlayRequest(app: "live", stream: room.liveId, clientId: "v\(i)", ip: "", params: HookParams(""), kind: .rtmp))
                    }
                }
            }
        }
        let view = try await h.rooms.get(roomId: room.roomId)
        #expect((view.status == .live) == (view.publisher != nil))
        #expect(view.viewers == 100)
        // Every live/idle event alternates: never two lives in a row.
        let types = try await h.store.events(afterId: 0, limit: 1000).map(\.type).filter { $0 == "room.live" || $0 == "room.idle" }
        #expect(zip(types, types.dropFirst()).allSatisfy { $0 != $1 })
    }

    @Test("readiness: playable after the checks pass, not_playable reported after 3 failures")
    func readiness() async throws {
        let h = try await SidecarHarness(readyAfter: 4)
        defer { h.remove() }
        let room = try await h.makeRoom()
        #expect(await PublishTests.publish(h, room, param: "?key=\(room.streamKey!)").allowed)
        try await waitUntil { try await h.rooms.get(roomId: room.roomId).playable }
        let types = try await h.store.events(afterId: 0, limit: 100).map(\.type)
        #expect(types == ["room.created", "room.live", "room.not_playable", "room.playable"])
        let record = try #require(try await h.rooms.readiness(roomId: room.roomId, refresh: false))
        #expect(record.ready)
    }

    @Test("viewers are counted once per client and survive a restart")
    func viewersPersist() async throws {
        let h = try await SidecarHarness(readyAfter: 1000)
        let room = try await h.makeRoom()
        for client in ["a", "b", "b", "c"] {
            #expect(await h.hooks.play(PlayRequest(app: "live", stream: "\(room.liveId).m3u8", clientId: client, ip: "", params: HookParams(""), kind: .hls)).allowed)
        }
        await h.hooks.stop(StreamEndRequest(app: "live", stream: room.liveId, clientId: "c"))
        #expect(try await h.rooms.get(roomId: room.roomId).viewers == 2)
        #expect(await PublishTests.publish(h, room, param: "?key=\(room.streamKey!)").allowed)
        try await h.viewers.flush()

        let reopened = try await SidecarHarness(readyAfter: 1000, directory: h.directory)
        defer { reopened.remove() }
        try await reopened.viewers.load()
        let view = try await reopened.rooms.get(roomId: room.roomId)
        #expect(view.viewers == 2)
        #expect(view.status == .live && view.publisher?.clientId == "c1")
        await reopened.hooks.stop(StreamEndRequest(app: "live", stream: room.liveId, clientId: "a"))
        #expect(try await reopened.rooms.get(roomId: room.roomId).viewers == 1)
    }

    @Test("closing a live room kicks the publisher, drops it, and emits room.closed")
    func close() async throws {
        let h = try await SidecarHarness(readyAfter: 1000)
        defer { h.remove() }
        let room = try await h.makeRoom()
        h.media.connect("c1")
        #expect(await PublishTests.publish(h, room, param: "?key=\(room.streamKey!)").allowed)
        let outcome = try await h.rooms.close(roomId: room.roomId)
        #expect(outcome.kicked)
        await #expect(throws: SidecarError.self) { _ = try await h.rooms.get(roomId: room.roomId) }
        #expect(try await h.store.events(afterId: 0, limit: 100).last?.type == "room.closed")
        #expect(await PublishTests.publish(h, room, param: "?key=\(room.streamKey!)", client: "c2").code == .unknownStream)
    }
}

/// Polls `condition` for up to ten seconds (readiness runs in the background; it usually
/// takes ~100 ms, the margin is for a loaded CI machine).
func waitUntil(_ condition: () async throws -> Bool) async throws {
    for _ in 0..<1000 {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(10))
    }
    Issue.record("condition not met within 10 s")
}
