import Foundation
import Hummingbird
import HummingbirdTesting
import SidecarCore
import SidecarTestSupport
import Testing

@Suite("Platform API: /api/v1/rooms/{roomId}/connections")
struct ConnectionAPITests {
    @Test("POST allocates the guest's and the mix's streams (201), GET one and the list, DELETE ends it")
    func lifecycle() async throws {
        let h = try await HTTPHarness()
        let core = h.core
        defer { core.remove() }
        let room = try await core.makeRoom("r1", owner: "alice")
        #expect(await PublishHelper.publish(core, room))
        try await h.app.test(.live) { client async throws -> Void in
            let created = try await RoomAPITests.call(client, .post, "/api/v1/rooms/r1/connections", #"{"guest":"bob"}"#)
            #expect(created.status == 201)
            let id = try #require(created.json["connectionId"] as? String)
            let key = try #require(created.json["guestKey"] as? String)
            let guestLiveId = try #require(created.json["guestLiveId"] as? String)
            #expect(created.json["guestPublishURL"] as? String == "rtmp://127.0.0.1/live/\(guestLiveId)?key=\(key)")
            #expect(created.json["state"] as? String == "pending")
            #expect(created.json["hostLiveId"] as? String == room.liveId)
            let mix = try #require(created.json["mix"] as? [String: String])
            #expect(mix["hls"] == "http://127.0.0.1:8080/live/\(mix["liveId"]!).m3u8")

            let one = try await RoomAPITests.call(client, .get, "/api/v1/rooms/r1/connections/\(id)")
            #expect(one.status == 200 && one.json["guestKey"] == nil && one.json["state"] as? String == "pending")
            let list = try await RoomAPITests.call(client, .get, "/api/v1/rooms/r1/connections")
            #expect((list.json["connections"] as? [[String: Any]])?.compactMap { $0["connectionId"] as? String } == [id])

            let busy = try await RoomAPITests.call(client, .post, "/api/v1/rooms/r1/connections", #"{"guest":"carol"}"#)
            #expect(busy.status == 409)

            let ended = try await RoomAPITests.call(client, .delete, "/api/v1/rooms/r1/connections/\(id)")
            #expect(ended.status == 200)
            #expect(ended.json["state"] as? String == "ended" && ended.json["reason"] as? String == "host_ended")
            let room = try await RoomAPITests.call(client, .get, "/api/v1/rooms/r1")
            #expect((room.json["playback"] as? [String: String])?["source"] == "host")
        }
    }

    @Test("errors: not live 409, banned 403, bad body 400, unknown room or connection 404")
    func errors() async throws {
        let h = try await HTTPHarness()
        let core = h.core
        defer { core.remove() }
        _ = try await core.makeRoom("r1", owner: "alice")
        _ = try await core.rooms.ban(owner: "mallory", reason: "spam", until: nil)
        try await h.app.test(.live) { client async throws -> Void in
            #expect(try await RoomAPITests.call(client, .post, "/api/v1/rooms/r1/connections", #"{"guest":"bob"}"#).status == 409)
            #expect(try await RoomAPITests.call(client, .post, "/api/v1/rooms/none/connections", #"{"guest":"bob"}"#).status == 404)
            #expect(try await RoomAPITests.call(client, .get, "/api/v1/rooms/none/connections").status == 404)
            #expect(try await RoomAPITests.call(client, .get, "/api/v1/rooms/r1/connections/nope").status == 404)
            #expect(try await RoomAPITests.call(client, .delete, "/api/v1/rooms/r1/connections/nope").status == 404)
            #expect(try await RoomAPITests.call(client, .get, "/api/v1/rooms/r1/connections?limit=0").status == 400)
            #expect(try await RoomAPITests.call(client, .post, "/api/v1/rooms/r1/connections", #"{"user":"bob"}"#).status == 400)
            #expect(try await RoomAPITests.call(client, .post, "/api/v1/rooms/r1/connections", #"{"guest":"bob"}"#, headers: [:]).status == 401)
        }
        #expect(await PublishHelper.publish(core, try await core.makeRoom("r1", owner: "alice")))
        try await h.app.test(.live) { client async throws -> Void in
            let banned = try await RoomAPITests.call(client, .post, "/api/v1/rooms/r1/connections", #"{"guest":"mallory"}"#)
            #expect(banned.status == 403)
            #expect((banned.json["error"] as? [String: Any])?["code"] as? String == "forbidden")
        }
    }
}
