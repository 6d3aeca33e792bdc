import Foundation
import SidecarCore
import SidecarTestSupport
import Testing

/// A publisher that drops and comes back quickly must not flap the room idle → live.
@Suite("Reconnect window")
struct ReconnectWindowTests {
    static func unpublish(_ h: SidecarHarness, _ room: RoomView, client: String) async {
        await h.hooks.unpublish(StreamEndRequest(app: "live", stream: room.liveId, clientId: client))
    }

    static func eventTypes(_ h: SidecarHarness) async throws -> [String] {
        try await h.store.events(afterId: 0, limit: 1000).map(\.type)
    }

    @Test("drop and return inside the window: no idle, no second live, the new publisher and session stored")
    func returnsInside() async throws {
        // Long enough that the return surely lands inside it, even on a stalled CI machine.
        let h = try await SidecarHarness(readyAfter: 1000, reconnectWindow: .seconds(60))
        defer { h.remove() }
        let room = try await h.makeRoom()
        let key = room.streamKey!
        #expect(await PublishTests.publish(h, room, param: "?key=\(key)", client: "first").allowed)
        let before = try #require(try await h.store.room(id: room.roomId))

        await Self.unpublish(h, room, client: "first")
        #expect(try await h.rooms.get(roomId: room.roomId).status == .live)
        #expect(await h.reconnect.droppedPublisher(roomId: room.roomId) == "first")
        // "first" is not connected in the fake media server: asking it would also allow the
        // takeover, but with a second room.live. The window takes over without asking.
        #expect(await PublishTests.publish(h, room, param: "?key=\(key)", client: "second").allowed)

        let after = try #require(try await h.store.room(id: room.roomId))
        #expect(after.status == .live && after.publisher?.clientId == "second")
        #expect(after.publisher?.sessionId != before.publisher?.sessionId)
        #expect(after.statusSince == before.statusSince)
        #expect(await h.reconnect.droppedPublisher(roomId: room.roomId) == nil)
        #expect(try await Self.eventTypes(h) == ["room.created", "room.live"])
        // The old client's late duplicate on_unpublish changes nothing.
        await Self.unpublish(h, room, client: "first")
        #expect(try await h.rooms.get(roomId: room.roomId).publisher?.clientId == "second")
        #expect(await h.reconnect.droppedPublisher(roomId: room.roomId) == nil)
    }

    @Test("drop and no return: the room goes idle once the window ends, with the usual room.idle")
    func noReturn() async throws {
        let h = try await SidecarHarness(readyAfter: 1000, reconnectWindow: .milliseconds(200))
        defer { h.remove() }
        let room = try await h.makeRoom()
        #expect(await PublishTests.publish(h, room, param: "?key=\(room.streamKey!)", client: "first").allowed)
        await Self.unpublish(h, room, client: "first")
        try await waitUntil { try await h.rooms.get(roomId: room.roomId).status == .idle }
        #expect(try await h.rooms.get(roomId: room.roomId).publisher == nil)
        #expect(try await Self.eventTypes(h) == ["room.created", "room.live", "room.idle"])
        let payload = try await lastEvent(h).payload
        #expect(payload?.reconciled == nil && payload?.status == "idle")
        #expect(await h.reconnect.droppedPublisher(roomId: room.roomId) == nil)
        // A publish after the window is a new broadcast.
        #expect(await PublishTests.publish(h, room, param: "?key=\(room.streamKey!)", client: "second").allowed)
        #expect(try await Self.eventTypes(h).last == "room.live")
    }

    @Test("window 0: on_unpublish makes the room idle at once")
    func off() async throws {
        let h = try await SidecarHarness(readyAfter: 1000)
        defer { h.remove() }
        let room = try await h.makeRoom()
        #expect(await PublishTests.publish(h, room, param: "?key=\(room.streamKey!)", client: "first").allowed)
        await Self.unpublish(h, room, client: "first")
        #expect(try await h.rooms.get(roomId: room.roomId).status == .idle)
        #expect(await h.reconnect.droppedPublisher(roomId: room.roomId) == nil)
    }

    @Test("inside the window a publish still needs valid credentials, and a refused one leaves the window open")
    func credentialsStillChecked() async throws {
        let h = try await SidecarHarness(readyAfter: 1000, reconnectWindow: .seconds(60))
        defer { h.remove() }
        let room = try await h.makeRoom()
        #expect(await PublishTests.publish(h, room, param: "?key=\(room.streamKey!)", client: "first").allowed)
        await Self.unpublish(h, room, client: "first")
        #expect(await PublishTests.publish(h, room, param: "?key=WRONG", client: "intruder").code == .invalidKey)
        _ = try await h.rooms.suspend(roomId: room.roomId, reason: "terms")
        #expect(await PublishTests.publish(h, room, param: "?key=\(room.streamKey!)", client: "second").code == .suspended)
        #expect(try await h.rooms.get(roomId: room.roomId).publisher?.clientId == "first")
        #expect(await h.reconnect.droppedPublisher(roomId: room.roomId) == "first")
        await h.reconnect.cancelAll()
    }

    @Test("a publisher kicked by a suspension or a ban cannot come back: no window, idle at once", arguments: ["suspend", "ban"])
    func kickedOnPurpose(_ action: String) async throws {
        let h = try await SidecarHarness(readyAfter: 1000, reconnectWindow: .seconds(60))
        defer { h.remove() }
        let room = try await h.makeRoom()
        h.media.connect("first")
        #expect(await PublishTests.publish(h, room, param: "?key=\(room.streamKey!)", client: "first").allowed)
        if action == "suspend" {
            _ = try await h.rooms.suspend(roomId: room.roomId, reason: "terms")
        } else {
            _ = try await h.rooms.ban(owner: "alice", reason: "spam", until: nil)
        }
        #expect(h.media.kicks == ["first"])
        await Self.unpublish(h, room, client: "first")  // what SRS sends after the kick
        #expect(try await h.rooms.get(roomId: room.roomId).status == .idle)
        #expect(await h.reconnect.droppedPublisher(roomId: room.roomId) == nil)
    }

    @Test("a playable room stays playable across the reconnect; readiness follows the new session")
    func readinessAcrossReconnect() async throws {
        let h = try await SidecarHarness(readyAfter: 0, reconnectWindow: .seconds(60))
        defer { h.remove() }
        let room = try await h.makeRoom()
        #expect(await PublishTests.publish(h, room, param: "?key=\(room.streamKey!)", client: "first").allowed)
        try await waitUntil { try await h.rooms.get(roomId: room.roomId).playable }
        await Self.unpublish(h, room, client: "first")
        #expect(await h.monitor.watchedCount == 0)
        #expect(await PublishTests.publish(h, room, param: "?key=\(room.streamKey!)", client: "second").allowed)
        let stored = try await h.store.room(id: room.roomId)
        let session = try #require(stored?.publisher?.sessionId)
        #expect(try await h.rooms.get(roomId: room.roomId).playable)
        try await waitUntil { try await h.rooms.readiness(roomId: room.roomId, refresh: false)?.sessionId == session }
        #expect(try await Self.eventTypes(h) == ["room.created", "room.live", "room.playable"])
    }

    @Test("a daemon that dies inside the window: reconciliation at the next start makes the room idle")
    func crashInsideWindow() async throws {
        let before = try await SidecarHarness(readyAfter: 1000, reconnectWindow: .seconds(60))
        defer { before.remove() }
        let room = try await before.makeRoom()
        #expect(await PublishTests.publish(before, room, param: "?key=\(room.streamKey!)", client: "first").allowed)
        await Self.unpublish(before, room, client: "first")
        await before.reconnect.cancelAll()  // the process is gone, and its window with it

        let restarted = try await SidecarHarness(readyAfter: 1000, directory: before.directory, reconnectWindow: .seconds(60))
        #expect(try await restarted.rooms.get(roomId: room.roomId).status == .live)
        let report = await restarted.reconciler.reconcile()
        #expect(report.roomsIdled == [room.roomId])
        let payload = try await lastEvent(restarted).payload
        #expect(payload?.reconciled == true && payload?.status == "idle")
    }
}
