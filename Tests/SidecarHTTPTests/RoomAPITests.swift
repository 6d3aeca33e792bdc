import Foundation
import Hummingbird
import HummingbirdTesting
import SidecarCore
import SidecarTestSupport
import Testing

@Suite("Platform API /api/v1")
struct RoomAPITests {
    static func call(
        _ client: some TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, _ body: String? = nil,
        headers: HTTPFields = HTTPHarness.auth
    ) async throws -> (status: Int, json: [String: Any]) {
        try await client.execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }) { response in
            (Int(response.status.code), (try? HTTPHarness.json(response.body)) ?? [:])
        }
    }

    @Test("PUT creates (201), repeats (200, same key), and refuses a second room per owner (409 + roomId)")
    func createRooms() async throws {
        let h = try await HTTPHarness()
        let core = h.core
        defer { core.remove() }
        try await h.app.test(.live) { client async throws -> Void in
            let created = try await Self.call(client, .put, "/api/v1/rooms/r1", #"{"owner":"alice"}"#)
            #expect(created.status == 201)
            let key = try #require(created.json["streamKey"] as? String)
            let liveId = try #require(created.json["liveId"] as? String)
            #expect(created.json["publishURL"] as? String == "rtmp://127.0.0.1/live/\(liveId)?key=\(key)")
            let playback = try #require(created.json["playback"] as? [String: String])
            #expect(playback["hls"] == "http://127.0.0.1:8080/live/\(liveId).m3u8")
            #expect(playback.values.allSatisfy { !$0.contains(key) })
            #expect(created.json["status"] as? String == "idle")

            let again = try await Self.call(client, .put, "/api/v1/rooms/r1", #"{"owner":"alice"}"#)
            #expect(again.status == 200 && again.json["streamKey"] as? String == key)
            let conflict = try await Self.call(client, .put, "/api/v1/rooms/r2", #"{"owner":"alice"}"#)
            #expect(conflict.status == 409)
            #expect((conflict.json["error"] as? [String: Any])?["roomId"] as? String == "r1")
        }
    }

    @Test("bad input and missing auth get clear errors")
    func errors() async throws {
        let h = try await HTTPHarness()
        let core = h.core
        defer { core.remove() }
        try await h.app.test(.live) { client async throws -> Void in
            #expect(try await Self.call(client, .get, "/api/v1/rooms/r1", headers: [:]).status == 401)
            #expect(try await Self.call(client, .get, "/api/v1/rooms/r1", headers: [.authorization: "Bearer nope"]).status == 401)
            #expect(try await Self.call(client, .put, "/api/v1/rooms/r1", "{").status == 400)
            #expect(try await Self.call(client, .put, "/api/v1/rooms/r1", #"{"owner":""}"#).status == 400)
            #expect(try await Self.call(client, .put, "/api/v1/rooms/bad%20id", #"{"owner":"a"}"#).status == 400)
            #expect(try await Self.call(client, .get, "/api/v1/rooms/none").status == 404)
            #expect(try await Self.call(client, .get, "/api/v1/rooms?status=weird").status == 400)
            #expect(try await Self.call(client, .get, "/api/v1/rooms?cursor=%%%").status == 400)
            let missing = try await Self.call(client, .put, "/api/v1/rooms/r1", #"{"name":"x"}"#)
            #expect(((missing.json["error"] as? [String: Any])?["message"] as? String)?.contains("owner") == true)
        }
    }

    @Test("list: status filter and cursor pagination cover every room once")
    func list() async throws {
        let h = try await HTTPHarness()
        let core = h.core
        defer { core.remove() }
        for i in 0..<7 { _ = try await h.core.makeRoom("room-\(i)", owner: "user\(i)") }
        let live = try await h.core.makeRoom("room-live", owner: "streamer")
        let published = await PublishHelper.publish(core, live)
        #expect(published)
        try await h.app.test(.live) { client async throws -> Void in
            var seen: [String] = []
            var cursor: String?
            repeat {
                let uri = "/api/v1/rooms?limit=3" + (cursor.map { "&cursor=\($0)" } ?? "")
                let page = try await Self.call(client, .get, uri)
                seen += (page.json["rooms"] as? [[String: Any]] ?? []).compactMap { $0["roomId"] as? String }
                cursor = page.json["nextCursor"] as? String
            } while cursor != nil
            #expect(seen.count == 8 && Set(seen).count == 8)
            let lives = try await Self.call(client, .get, "/api/v1/rooms?status=live")
            #expect((lives.json["rooms"] as? [[String: Any]])?.map { $0["roomId"] as? String } == ["room-live"])
        }
    }

    @Test("GET shows status, publisher and viewers; rotate with kick; DELETE then 404")
    func roomLifecycle() async throws {
        let h = try await HTTPHarness()
        let core = h.core
        defer { core.remove() }
        let room = try await h.core.makeRoom()
        h.core.media.connect("c1")
        let published = await PublishHelper.publish(core, room)
        #expect(published)
        try await h.app.test(.live) { client async throws -> Void in
            let got = try await Self.call(client, .get, "/api/v1/rooms/\(room.roomId)")
            #expect(got.json["status"] as? String == "live")
            #expect((got.json["publisher"] as? [String: Any])?["clientId"] as? String == "c1")
            #expect(got.json["streamKey"] == nil)
            let rotated = try await Self.call(client, .post, "/api/v1/rooms/\(room.roomId)/stream-key?kick=true")
            #expect(rotated.status == 200)
            #expect(rotated.json["streamKey"] as? String != room.streamKey)
            #expect(core.media.kicks == ["c1"])
            let readiness = try await Self.call(client, .get, "/api/v1/rooms/\(room.roomId)/readiness")
            #expect(readiness.status == 200 && readiness.json["roomId"] as? String == room.roomId)
            let closed = try await Self.call(client, .delete, "/api/v1/rooms/\(room.roomId)")
            #expect(closed.status == 200)
            #expect(try await Self.call(client, .get, "/api/v1/rooms/\(room.roomId)").status == 404)
            #expect(try await Self.call(client, .delete, "/api/v1/rooms/\(room.roomId)").status == 404)
        }
    }

    @Test("bans and suspensions through the API")
    func moderation() async throws {
        let h = try await HTTPHarness()
        let core = h.core
        defer { core.remove() }
        let room = try await h.core.makeRoom()
        try await h.app.test(.live) { client async throws -> Void in
            #expect(try await Self.call(client, .put, "/api/v1/bans/alice", #"{"reason":"spam"}"#).status == 200)
            #expect(try await Self.call(client, .get, "/api/v1/bans/alice").json["reason"] as? String == "spam")
            #expect(try await Self.call(client, .put, "/api/v1/bans/alice", #"{"reason":"x","until":"2000-01-01T00:00:00Z"}"#).status == 400)
            let allowedWhileBanned = await PublishHelper.publish(core, room)
            #expect(!allowedWhileBanned)
            #expect(try await Self.call(client, .delete, "/api/v1/bans/alice").status == 204)
            #expect(try await Self.call(client, .delete, "/api/v1/bans/alice").status == 404)
            #expect(try await Self.call(client, .put, "/api/v1/rooms/\(room.roomId)/suspension", #"{"reason":"terms"}"#).status == 200)
            let allowedWhileSuspended = await PublishHelper.publish(core, room)
            #expect(!allowedWhileSuspended)
            #expect(try await Self.call(client, .delete, "/api/v1/rooms/\(room.roomId)/suspension").status == 200)
            let allowedAfter = await PublishHelper.publish(core, room)
            #expect(allowedAfter)
        }
    }

    @Test("health and metrics need no token")
    func system() async throws {
        let h = try await HTTPHarness()
        let core = h.core
        defer { core.remove() }
        try await h.app.test(.live) { client async throws -> Void in
            #expect(try await Self.call(client, .get, "/healthz", headers: [:]).json["status"] as? String == "ok")
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("sidecar_hooks_total"))
            }
        }
    }
}

enum PublishHelper {
    static func publish(_ core: SidecarHarness, _ room: RoomView, client: String = "c1") async -> Bool {
        await core.hooks.publish(PublishRequest(app: "live", stream: room.liveId, clientId: client, ip: "127.0.0.1", params: HookParams("?key=\(room.streamKey!)"))).allowed
    }
}
