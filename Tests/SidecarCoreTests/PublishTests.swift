import Foundation
import SidecarCore
import SidecarTestSupport
import Testing

@Suite("Publishing: keys, tokens, bans, suspension")
struct PublishTests {
    static func publish(_ h: SidecarHarness, _ room: RoomView, param: String, client: String = "c1") async -> HookDecision {
        await h.hooks.publish(PublishRequest(app: "live", stream: room.liveId, clientId: client, ip: "127.0.0.1", params: HookParams(param)))
    }

    @Test("the room's key is accepted and the room goes live with its publisher")
    func keyAccepted() async throws {
        let h = try await SidecarHarness()
        defer { h.remove() }
        let room = try await h.makeRoom()
        let key = try #require(room.streamKey)
        #expect(room.publishURL == "rtmp://127.0.0.1/live/\(room.liveId)?key=\(key)")
        #expect(room.liveId != key && !room.playback.hls.contains(key) && !room.playback.flv.contains(key))

        let decision = await Self.publish(h, room, param: "?key=\(key)")
        #expect(decision.allowed)
        let live = try await h.rooms.get(roomId: room.roomId)
        #expect(live.status == .live)
        #expect(live.publisher?.clientId == "c1")
    }

    @Test("keys are matched exactly, never as a substring or twice", arguments: [
        "", "?", "?key=", "?key=WRONG", "?xkey=KEY", "?keyx=KEY", "?a=1&key=KEY&key=KEY", "?other=key%3DKEY", "?key=KEYX", "?key=KE",
    ])
    func keyMismatch(_ template: String) async throws {
        let h = try await SidecarHarness()
        defer { h.remove() }
        let room = try await h.makeRoom()
        let decision = await Self.publish(h, room, param: template.replacingOccurrences(of: "KEY", with: room.streamKey!))
        #expect(!decision.allowed)
        #expect(try await h.rooms.get(roomId: room.roomId).status == .idle)
    }

    @Test("a rotated key stops working at once; the new one works")
    func rotation() async throws {
        let h = try await SidecarHarness()
        defer { h.remove() }
        let room = try await h.makeRoom()
        let rotated = try await h.rooms.rotateKey(roomId: room.roomId, kick: false)
        let newKey = try #require(rotated.streamKey)
        #expect(newKey != room.streamKey)
        #expect(await Self.publish(h, room, param: "?key=\(room.streamKey!)").code == .invalidKey)
        #expect(await Self.publish(h, room, param: "?key=\(newKey)").allowed)
    }

    @Test("the idempotent create returns the same key")
    func idempotentCreate() async throws {
        let h = try await SidecarHarness()
        defer { h.remove() }
        let first = try await h.makeRoom()
        let again = try await h.makeRoom()
        #expect(first.streamKey == again.streamKey && first.liveId == again.liveId)
        await #expect(throws: SidecarError.self) { _ = try await h.rooms.create(roomId: "room-2", owner: "alice") }
    }

    @Test("signed publish tokens: valid, expired, forged, for another stream")
    func tokens() async throws {
        let h = try await SidecarHarness()
        defer { h.remove() }
        let room = try await h.makeRoom()
        let other = try await h.makeRoom("room-2", owner: "bob")
        let future = Int(Date().timeIntervalSince1970) + 600
        let past = Int(Date().timeIntervalSince1970) - 1
        let valid = h.tokens.token(.publish, liveId: room.liveId, expires: future)
        #expect(await Self.publish(h, room, param: "?token=\(valid)&expires=\(future)").allowed)
        let expired = h.tokens.token(.publish, liveId: room.liveId, expires: past)
        #expect(await Self.publish(h, room, param: "?token=\(expired)&expires=\(past)", client: "c2").code == .expiredToken)
        #expect(await Self.publish(h, other, param: "?token=\(valid)&expires=\(future)").code == .invalidToken)
        #expect(await Self.publish(h, other, param: "?token=\(valid)&expires=\(future + 1)").code == .invalidToken)
        let play = h.tokens.token(.play, liveId: other.liveId, expires: future)
        #expect(await Self.publish(h, other, param: "?token=\(play)&expires=\(future)").code == .invalidToken)
    }

    @Test("a banned owner is refused, and a live publisher is kicked at once")
    func ban() async throws {
        let h = try await SidecarHarness()
        defer { h.remove() }
        let room = try await h.makeRoom()
        h.media.connect("c1")
        #expect(await Self.publish(h, room, param: "?key=\(room.streamKey!)").allowed)
        let (_, outcome) = try await h.rooms.ban(owner: "alice", reason: "spam", until: nil)
        #expect(outcome.kicked)
        #expect(h.media.kicks == ["c1"])
        await h.hooks.unpublish(StreamEndRequest(app: "live", stream: room.liveId, clientId: "c1"))
        #expect(await Self.publish(h, room, param: "?key=\(room.streamKey!)", client: "c2").code == .banned)
        // Without the key, the ban is not disclosed: the key is what is wrong.
        #expect(await Self.publish(h, room, param: "?key=sk-wrong", client: "c2").code == .invalidKey)
        #expect(try await h.rooms.unban(owner: "alice"))
        #expect(await Self.publish(h, room, param: "?key=\(room.streamKey!)", client: "c3").allowed)
    }

    @Test("an expired ban no longer refuses")
    func expiredBan() async throws {
        let h = try await SidecarHarness()
        defer { h.remove() }
        let room = try await h.makeRoom()
        try await h.store.putBan(Ban(owner: "alice", reason: "x", until: Date().addingTimeInterval(-1), createdAt: Date()),
            event: EventDraft(.banChanged, roomId: nil, payload: ["owner": "alice"]))
        #expect(await Self.publish(h, room, param: "?key=\(room.streamKey!)").allowed)
    }

    @Test("a suspended room refuses publishes until lifted")
    func suspension() async throws {
        let h = try await SidecarHarness()
        defer { h.remove() }
        let room = try await h.makeRoom()
        _ = try await h.rooms.suspend(roomId: room.roomId, reason: "terms")
        #expect(await Self.publish(h, room, param: "?key=\(room.streamKey!)").code == .suspended)
        _ = try await h.rooms.unsuspend(roomId: room.roomId)
        #expect(await Self.publish(h, room, param: "?key=\(room.streamKey!)").allowed)
    }

    @Test("wrong app and unknown stream are refused")
    func unknown() async throws {
        let h = try await SidecarHarness()
        defer { h.remove() }
        let room = try await h.makeRoom()
        let wrongApp = await h.hooks.publish(PublishRequest(app: "other", stream: room.liveId, clientId: "c1", ip: "", params: HookParams("?key=\(room.streamKey!)")))
        #expect(wrongApp.code == .unknownApp)
        let unknown = await h.hooks.publish(PublishRequest(app: "live", stream: "nope", clientId: "c1", ip: "", params: HookParams("?key=\(room.streamKey!)")))
        #expect(unknown.code == .unknownStream)
        #expect(h.hooks.connect(app: "other").code == .unknownApp)
    }
}
