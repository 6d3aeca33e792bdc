import Foundation
import SidecarCore
import SidecarTestSupport
import Testing

/// nginx-rtmp's periodic `on_update`: a publisher goes on only while its room is live from it.
@Suite("Periodic checks of publishers and players (on_update)")
struct UpdateTests {
    static func end(_ room: RoomView, client: String = "c1", app: String = "live") -> StreamEndRequest {
        StreamEndRequest(app: app, stream: room.liveId, clientId: client)
    }

    static func live(_ h: SidecarHarness, client: String = "c1") async throws -> RoomView {
        let room = try await h.makeRoom()
        let decision = await h.hooks.publish(PublishRequest(
            app: "live", stream: room.liveId, clientId: client, ip: "127.0.0.1", params: HookParams("key=\(room.streamKey!)")))
        try #require(decision.allowed)
        return room
    }

    @Test("the room's own publisher goes on; another client, a wrong app or an idle room do not")
    func publisher() async throws {
        let h = try await SidecarHarness()
        defer { h.remove() }
        let room = try await Self.live(h)
        #expect(await h.hooks.continuePublish(Self.end(room)).allowed)
        #expect(await h.hooks.continuePublish(Self.end(room, client: "c2")).code == .notPublishing)
        #expect(await h.hooks.continuePublish(Self.end(room, app: "other")).code == .unknownApp)
        await h.hooks.unpublish(Self.end(room))
        #expect(await h.hooks.continuePublish(Self.end(room)).code == .notPublishing)
    }

    @Test("a closed room, a banned owner or a suspended room stop the publisher")
    func moderation() async throws {
        let suspended = try await SidecarHarness()
        defer { suspended.remove() }
        let room = try await Self.live(suspended)
        _ = try await suspended.rooms.suspend(roomId: room.roomId, reason: "spam")
        #expect(await suspended.hooks.continuePublish(Self.end(room)).code == .suspended)

        let banned = try await SidecarHarness()
        defer { banned.remove() }
        let room2 = try await Self.live(banned)
        _ = try await banned.rooms.ban(owner: "alice", reason: "abuse", until: nil)
        #expect(await banned.hooks.continuePublish(Self.end(room2)).code == .banned)

        let closed = try await SidecarHarness()
        defer { closed.remove() }
        let room3 = try await Self.live(closed)
        _ = try await closed.rooms.close(roomId: room3.roomId)
        #expect(await closed.hooks.continuePublish(Self.end(room3)).code == .unknownStream)
        #expect(await closed.hooks.continuePlay(Self.end(room3, client: "v1")).code == .unknownStream)
    }

    @Test("a player goes on while its room exists, live or not")
    func player() async throws {
        let h = try await SidecarHarness()
        defer { h.remove() }
        let room = try await h.makeRoom()
        #expect(await h.hooks.continuePlay(Self.end(room, client: "v1")).allowed)
    }
}
