import Foundation
import SidecarCore
import SidecarTestSupport
import Testing

/// Reconciliation passes on a real (SQLite) store, with SRS's lists scripted.
@Suite("Reconciliation with the media server")
struct ReconcileServiceTests {
    static func liveRoom(_ h: SidecarHarness, _ id: String = "room-1", owner: String = "alice", client: String = "a1982t52") async throws -> RoomView {
        let room = try await h.makeRoom(id, owner: owner)
        #expect(await PublishTests.publish(h, room, param: "?key=\(room.streamKey!)", client: client).allowed)
        return room
    }

    @Test("a live room whose publisher SRS no longer has goes idle, with a reconciled room.idle")
    func publisherGone() async throws {
        let h = try await SidecarHarness(readyAfter: 1000)
        defer { h.remove() }
        let room = try await Self.liveRoom(h)
        let report = await h.reconciler.reconcile()
        #expect(report.outcome == .completed)
        #expect(report.roomsIdled == [room.roomId])
        let view = try await h.rooms.get(roomId: room.roomId)
        #expect(view.status == .idle && view.publisher == nil && !view.playable)
        let (type, payload) = try await lastEvent(h)
        #expect(type == "room.idle")
        #expect(payload?.reconciled == true && payload?.reason == "publisher gone from the media server")
        #expect(await h.monitor.watchedCount == 0)
        // Corrected once: the next pass finds nothing to do.
        #expect(await h.reconciler.reconcile().corrections == 0)
    }

    @Test("a publisher SRS still has keeps its room live, and its viewers stay counted")
    func inStep() async throws {
        let h = try await SidecarHarness(readyAfter: 1000)
        defer { h.remove() }
        let room = try await Self.liveRoom(h)
        _ = await h.hooks.play(PlayRequest(app: "live", stream: room.liveId, clientId: "j0232x27", ip: "127.0.0.1", params: HookParams(""), kind: .rtmp))
        h.inventory.set(ScriptedInventory.empty().publishing(room.liveId, by: "a1982t52").playing(room.liveId, by: "j0232x27"))
        let report = await h.reconciler.reconcile()
        #expect(report.outcome == .completed && report.corrections == 0 && report.failures == 0)
        let view = try await h.rooms.get(roomId: room.roomId)
        #expect(view.status == .live && view.viewers == 1)
        #expect(h.media.kicks.isEmpty)
    }

    @Test("a publisher no room accepted is kicked")
    func unaccepted() async throws {
        let h = try await SidecarHarness(readyAfter: 1000)
        defer { h.remove() }
        let idle = try await h.makeRoom()
        h.media.connect("z78do27r")
        h.media.connect("x0000001")
        h.inventory.set(ScriptedInventory.empty().publishing(idle.liveId, by: "z78do27r").publishing("noroom", by: "x0000001"))
        let report = await h.reconciler.reconcile()
        #expect(Set(report.publishersKicked) == ["z78do27r", "x0000001"])
        #expect(Set(h.media.kicks) == ["z78do27r", "x0000001"])
        #expect(try await h.rooms.get(roomId: idle.roomId).status == .idle)
    }

    @Test("a publish accepted while SRS's answer was on its way is neither kicked nor idled")
    func racingPublish() async throws {
        let h = try await SidecarHarness(readyAfter: 1000)
        defer { h.remove() }
        let room = try await h.makeRoom()
        // SRS lists the publisher as its on_publish is being answered.
        h.inventory.set(ScriptedInventory.empty().publishing(room.liveId, by: "a1982t52"))
        h.inventory.whileAnswering {
            _ = await PublishTests.publish(h, room, param: "?key=\(room.streamKey!)", client: "a1982t52")
        }
        let report = await h.reconciler.reconcile()
        #expect(report.corrections == 0 && h.media.kicks.isEmpty)
        #expect(try await h.rooms.get(roomId: room.roomId).publisher?.clientId == "a1982t52")
    }

    @Test("a new publish session that started while SRS answered is not made idle")
    func racingRepublish() async throws {
        let h = try await SidecarHarness(readyAfter: 1000)
        defer { h.remove() }
        let room = try await Self.liveRoom(h, client: "old")
        // The snapshot predates the republish: neither client is in it.
        h.inventory.whileAnswering {
            await h.hooks.unpublish(StreamEndRequest(app: "live", stream: room.liveId, clientId: "old"))
            _ = await PublishTests.publish(h, room, param: "?key=\(room.streamKey!)", client: "new")
        }
        let report = await h.reconciler.reconcile()
        #expect(report.roomsIdled.isEmpty)
        let view = try await h.rooms.get(roomId: room.roomId)
        #expect(view.status == .live && view.publisher?.clientId == "new")
    }

    @Test("SRS's API down: nothing changes, the pass says why, the next one corrects")
    func apiDown() async throws {
        let h = try await SidecarHarness(readyAfter: 1000)
        defer { h.remove() }
        let room = try await Self.liveRoom(h)
        h.inventory.setFailing(true)
        let report = await h.reconciler.reconcile()
        guard case .mediaServerUnavailable(let why) = report.outcome else {
            Issue.record("expected mediaServerUnavailable, got \(report.outcome)")
            return
        }
        #expect(why.contains("connection refused"))
        #expect(report.corrections == 0)
        #expect(try await h.rooms.get(roomId: room.roomId).status == .live)
        h.inventory.setFailing(false)
        #expect(await h.reconciler.reconcile().roomsIdled == [room.roomId])
    }

    @Test("an SRS restart (new service id) is noticed, and every publisher and viewer it lost is corrected in that pass")
    func restart() async throws {
        let h = try await SidecarHarness(readyAfter: 1000)
        defer { h.remove() }
        let one = try await Self.liveRoom(h, "room-1", owner: "alice", client: "a1982t52")
        let two = try await Self.liveRoom(h, "room-2", owner: "bob", client: "z78do27r")
        for (client, kind) in [("j0232x27", ViewerKind.rtmp), ("q5i0591g", .hls)] {
            _ = await h.hooks.play(PlayRequest(app: "live", stream: one.liveId, clientId: client, ip: "127.0.0.1", params: HookParams(""), kind: kind))
        }
        h.inventory.set(ScriptedInventory.empty(service: "2l022j17")
            .publishing(one.liveId, by: "a1982t52").publishing(two.liveId, by: "z78do27r")
            .playing(one.liveId, by: "j0232x27").playing(one.liveId, by: "q5i0591g"))
        let before = await h.reconciler.reconcile()
        #expect(!before.restartDetected && before.corrections == 0)

        h.inventory.set(ScriptedInventory.empty(service: "y96l8r66"))  // SIGTERM'd and started again: no end hooks
        let after = await h.reconciler.reconcile()
        #expect(after.restartDetected)
        #expect(Set(after.roomsIdled) == [one.roomId, two.roomId])
        #expect(Set(after.viewersRemoved.map(\.clientId)) == ["j0232x27", "q5i0591g"])
        #expect(try await h.rooms.get(roomId: one.roomId).viewers == 0)
        // The removals are written behind like any other viewer change.
        try await h.viewers.flush()
        #expect(try await h.store.viewers(node: "test-node").isEmpty)
        #expect(await !h.reconciler.reconcile().restartDetected)
    }

    @Test("a kick that fails is reported and tried again next pass")
    func kickFails() async throws {
        let h = try await SidecarHarness(readyAfter: 1000)
        defer { h.remove() }
        h.inventory.set(ScriptedInventory.empty().publishing("noroom", by: "x0000001"))
        h.media.setFailing(true)
        let report = await h.reconciler.reconcile()
        #expect(report.outcome == .completed && report.failures == 1 && report.publishersKicked.isEmpty)
        h.media.setFailing(false)
        h.media.connect("x0000001")
        #expect(await h.reconciler.reconcile().publishersKicked == ["x0000001"])
    }

    @Test("a room inside its reconnect window is left to the window")
    func reconnecting() async throws {
        let h = try await SidecarHarness(readyAfter: 1000, reconnectWindow: .seconds(60))
        defer { h.remove() }
        let room = try await Self.liveRoom(h)
        await h.hooks.unpublish(StreamEndRequest(app: "live", stream: room.liveId, clientId: "a1982t52"))
        #expect(await h.reconciler.reconcile().roomsIdled.isEmpty)
        #expect(try await h.rooms.get(roomId: room.roomId).status == .live)
        await h.reconnect.cancelAll()
        // Without the window (e.g. after a restart of the daemon) the room is corrected.
        #expect(await h.reconciler.reconcile().roomsIdled == [room.roomId])
    }
}
