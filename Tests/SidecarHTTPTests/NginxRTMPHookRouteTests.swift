import Foundation
import Hummingbird
import HummingbirdTesting
import SidecarCore
import TestFixtures
import Testing

@testable import SidecarHTTP

@Suite("POST /hooks/nginx-rtmp/{event} with real nginx-rtmp notifications")
struct NginxRTMPHookRouteTests {
    /// A captured notification (`Fixtures/nginx-rtmp/notifications/<name>.txt`) with the
    /// capture's stream (`room1`), key (`abc123`) and client ids replaced.
    static func body(_ name: String, liveId: String, key: String, clientId: String? = nil) -> String {
        var text = Fixtures.text("nginx-rtmp/notifications/\(name).txt").trimmingCharacters(in: .newlines)
        text = text.replacingOccurrences(of: "name=room1", with: "name=\(liveId)").replacingOccurrences(of: "key=abc123", with: "key=\(key)")
        if let clientId {
            text = text.replacingOccurrences(of: #"clientid=\d+"#, with: "clientid=\(clientId)", options: .regularExpression)
        }
        return text
    }

    static func post(_ client: some TestClientProtocol, _ event: String, _ body: String, query: String = "") async throws -> (status: Int, text: String) {
        try await client.execute(
            uri: "/hooks/nginx-rtmp/\(event)\(query)", method: .post,
            headers: [.contentType: "application/x-www-form-urlencoded"], body: ByteBuffer(string: body)
        ) { response in
            (Int(response.status.code), String(decoding: response.body.readableBytesView, as: UTF8.self))
        }
    }

    static func harness(secret: String? = nil, allow: [String] = ["127.0.0.1/32", "::1/128"]) async throws -> HTTPHarness {
        try await HTTPHarness(hookAllow: allow, hookSecret: secret, mediaServer: .nginxRTMP, mediaServerId: "nginx-rtmp@test")
    }

    @Test("a publisher's and a player's whole life: every notification nginx-rtmp sends is answered 200")
    func lifecycle() async throws {
        let h = try await Self.harness()
        defer { h.core.remove() }
        let room = try await h.core.makeRoom()
        let (liveId, key) = (room.liveId, room.streamKey!)
        let core = h.core
        try await h.app.test(.live) { client in
            for name in ["on_connect", "on_publish", "on_update_publish", "on_play", "on_update_play"] {
                let event = name.hasPrefix("on_update") ? "on_update" : name
                let answer = try await Self.post(client, event, Self.body(name, liveId: liveId, key: key))
                #expect(answer.status == 200, "\(name): \(answer.text)")
            }
            let live = try await core.rooms.get(roomId: room.roomId)
            #expect(live.status == .live && live.publisher?.clientId == "1" && live.viewers == 1)
            let stored = try await core.store.room(id: room.roomId)
            #expect(stored?.publisher?.serverId == "nginx-rtmp@test", "publishes are recorded under the nginx adapter's server id")
            for name in ["on_play_done", "on_publish_done", "on_record_done", "on_done"] {
                let answer = try await Self.post(client, name, Self.body(name, liveId: liveId, key: key))
                #expect(answer.status == 200, "\(name): \(answer.text)")
            }
        }
        let after = try await h.core.rooms.get(roomId: room.roomId)
        #expect(after.status == .idle && after.viewers == 0)
        let events = try await h.core.store.events(afterId: 0, limit: 10).map(\.type)
        #expect(events.first == "room.created" && events.contains("room.live") && events.last == "room.idle")
    }

    @Test("a wrong key, an unknown stream and another app are denied with 403 and a readable reason")
    func denies() async throws {
        let h = try await Self.harness()
        defer { h.core.remove() }
        let room = try await h.core.makeRoom()
        try await h.app.test(.live) { client in
            let wrong = try await Self.post(client, "on_publish", Self.body("on_publish", liveId: room.liveId, key: "abc123"))
            #expect(wrong.status == 403)
            #expect(wrong.text.contains("invalid_key"))
            let unknown = try await Self.post(client, "on_publish", Self.body("on_publish", liveId: "room1", key: room.streamKey!))
            #expect(unknown.status == 403 && unknown.text.contains("unknown_stream"))
            let app = try await Self.post(client, "on_connect", "app=other&addr=127.0.0.1&call=connect")
            #expect(app.status == 403 && app.text.contains("unknown_app"))
        }
        #expect(try await h.core.rooms.get(roomId: room.roomId).status == .idle)
    }

    @Test("the client's query cannot override nginx's own fields; a doubled key is ambiguous")
    func clientQueryIsKeptApart() async throws {
        let h = try await Self.harness()
        defer { h.core.remove() }
        let room = try await h.core.makeRoom()
        let key = room.streamKey!
        let spoof = Self.body("on_publish", liveId: room.liveId, key: key) + "&name=other&clientid=99&app=x"
        let parsed = NginxRTMPNotification(form: spoof)
        #expect(parsed.stream == room.liveId && parsed.clientId == "1" && parsed.app == "live")
        #expect(parsed.params == "key=\(key)&name=other&clientid=99&app=x")
        try await h.app.test(.live) { client in
            #expect(try await Self.post(client, "on_publish", spoof).status == 200)
            let doubled = Self.body("on_publish", liveId: room.liveId, key: key) + "&key=\(key)"
            let answer = try await Self.post(client, "on_publish", doubled.replacingOccurrences(of: "clientid=1", with: "clientid=2"))
            #expect(answer.status == 403 && answer.text.contains("ambiguous_credential"))
        }
        #expect(try await h.core.rooms.get(roomId: room.roomId).publisher?.clientId == "1")
    }

    @Test("on_update drops a publisher whose room was closed, and its players")
    func updateAfterClose() async throws {
        let h = try await Self.harness()
        defer { h.core.remove() }
        let room = try await h.core.makeRoom()
        let (liveId, key) = (room.liveId, room.streamKey!)
        let core = h.core
        try await h.app.test(.live) { client in
            #expect(try await Self.post(client, "on_publish", Self.body("on_publish", liveId: liveId, key: key)).status == 200)
            #expect(try await Self.post(client, "on_update", Self.body("on_update_publish", liveId: liveId, key: key, clientId: "7")).status == 403)
            _ = try await core.rooms.close(roomId: room.roomId)
            let publisher = try await Self.post(client, "on_update", Self.body("on_update_publish", liveId: liveId, key: key))
            #expect(publisher.status == 403 && publisher.text.contains("unknown_stream"))
            #expect(try await Self.post(client, "on_update", Self.body("on_update_play", liveId: liveId, key: key)).status == 403)
        }
    }

    @Test("malformed, misrouted, oversized and unknown notifications get a 4xx and change nothing")
    func badInput() async throws {
        let h = try await Self.harness()
        defer { h.core.remove() }
        let room = try await h.core.makeRoom()
        let publish = Self.body("on_publish", liveId: room.liveId, key: room.streamKey!)
        try await h.app.test(.live) { client in
            let cases: [(String, String, Int)] = [
                ("on_fly", publish, 404),
                ("on_play", publish, 400),  // call=publish on the on_play URL
                ("on_publish", "", 400),
                ("on_publish", publish.replacingOccurrences(of: "&name=\(room.liveId)", with: ""), 400),
                ("on_publish", publish.replacingOccurrences(of: "&clientid=1", with: ""), 400),
                ("on_record_done", "app=live&call=record_done&name=x", 400),
                ("on_publish", String(repeating: "a", count: 70_000), 413),
            ]
            for (event, body, status) in cases {
                let answer = try await Self.post(client, event, body)
                #expect(answer.status == status, "\(event) \(body.prefix(60))")
                #expect(answer.text.hasPrefix("malformed: "))
            }
        }
        #expect(try await h.core.store.events(afterId: 0, limit: 10).count == 1)
    }

    @Test("the same guard as /hooks/srs: allow list and hook secret")
    func guarded() async throws {
        let outside = try await Self.harness(allow: ["10.0.0.0/8"])
        defer { outside.core.remove() }
        let room = try await outside.core.makeRoom()
        try await outside.app.test(.live) { client in
            let answer = try await Self.post(client, "on_publish", Self.body("on_publish", liveId: room.liveId, key: room.streamKey!))
            #expect(answer.status == 403)
        }
        #expect(try await outside.core.rooms.get(roomId: room.roomId).status == .idle)

        let secret = try await Self.harness(secret: "s3cret")
        defer { secret.core.remove() }
        let room2 = try await secret.core.makeRoom()
        let body = Self.body("on_publish", liveId: room2.liveId, key: room2.streamKey!)
        try await secret.app.test(.live) { client in
            let statuses = [
                try await Self.post(client, "on_publish", body).status,
                try await Self.post(client, "on_publish", body, query: "?secret=wrong").status,
                try await Self.post(client, "on_publish", body, query: "?secret=s3cret").status,
            ]
            #expect(statuses == [403, 403, 200])
        }
    }

    @Test("only the configured dialect is served")
    func oneDialect() async throws {
        let srs = try await HTTPHarness()
        defer { srs.core.remove() }
        try await srs.app.test(.live) { client in
            let answer = try await Self.post(client, "on_connect", "app=live&call=connect")
            #expect(answer.status == 404)
        }
        let nginx = try await Self.harness()
        defer { nginx.core.remove() }
        try await nginx.app.test(.live) { client in
            try await client.execute(uri: "/hooks/srs", method: .post, body: ByteBuffer(string: #"{"action":"on_connect","app":"live"}"#)) { response in
                #expect(response.status == .notFound)
            }
        }
    }
}
