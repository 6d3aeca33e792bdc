import Foundation
import Hummingbird
import HummingbirdTesting
import SidecarCore
import TestFixtures
import Testing

@Suite("POST /hooks/srs with real SRS payloads")
struct SRSHookRouteTests {
    /// A captured request body with the capture's stream (`room1`) and key (`abc123`)
    /// replaced by a real room's liveId and key.
    static func body(_ file: String, index: Int = 0, liveId: String, key: String) throws -> ByteBuffer {
        let captured = try JSONSerialization.jsonObject(with: Data(Fixtures.bytes("srs-hooks/\(file)"))) as! [[String: Any]]
        var body = captured[index]["body"] as! [String: Any]
        for (name, value) in body {
            guard let text = value as? String else { continue }
            body[name] = text.replacingOccurrences(of: "room1", with: liveId).replacingOccurrences(of: "abc123", with: key)
        }
        return ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body))
    }

    static func post(_ client: some TestClientProtocol, _ body: ByteBuffer, uri: String = "/hooks/srs") async throws -> (status: Int, json: [String: Any]) {
        try await client.execute(uri: uri, method: .post, headers: [.contentType: "application/json"], body: body) { response in
            (Int(response.status.code), try HTTPHarness.json(response.body))
        }
    }

    @Test("a publisher's whole life: connect, publish, hls, play, stop, dvr, unpublish, close")
    func lifecycle() async throws {
        let h = try await HTTPHarness()
        defer { h.core.remove() }
        let room = try await h.core.makeRoom()
        let (liveId, key) = (room.liveId, room.streamKey!)
        try await h.app.test(.live) { client in
            for file in ["on_connect.json", "on_publish.json", "on_hls.json", "on_play.json", "on_stop.json", "on_dvr.json", "on_unpublish.json", "on_close.json"] {
                let answer = try await Self.post(client, try Self.body(file, liveId: liveId, key: key))
                #expect(answer.status == 200, "\(file)")
                #expect(answer.json["code"] as? Int == 0, "\(file): \(answer.json)")
            }
        }
        let events = try await h.core.store.events(afterId: 0, limit: 10).map(\.type)
        #expect(events == ["room.created", "room.live", "room.idle"])
    }

    @Test("every play variant SRS sends (RTMP, HTTP-FLV with query, HLS) is counted and allowed")
    func playVariants() async throws {
        let h = try await HTTPHarness()
        defer { h.core.remove() }
        let room = try await h.core.makeRoom()
        try await h.app.test(.live) { client in
            for index in 0..<3 {
                let answer = try await Self.post(client, try Self.body("on_play.json", index: index, liveId: room.liveId, key: room.streamKey!))
                #expect(answer.json["code"] as? Int == 0)
            }
        }
        #expect(try await h.core.rooms.get(roomId: room.roomId).viewers == 3)
    }

    @Test("a publish with the capture's own key is denied with a readable reason SRS will log")
    func denyHasReason() async throws {
        let h = try await HTTPHarness()
        defer { h.core.remove() }
        let room = try await h.core.makeRoom()
        try await h.app.test(.live) { client in
            let answer = try await Self.post(client, try Self.body("on_publish.json", liveId: room.liveId, key: "abc123"))
            #expect(answer.status == 200)
            #expect(answer.json["code"] as? Int == 403)
            #expect(answer.json["deny"] as? String == "invalid_key")
            #expect((answer.json["reason"] as? String)?.isEmpty == false)
            let unknown = try await Self.post(client, try Self.body("on_publish.json", liveId: "room1", key: room.streamKey!))
            #expect(unknown.json["deny"] as? String == "unknown_stream")
        }
    }

    @Test("malformed, oversized and unknown hooks get a clear error and change nothing")
    func badInput() async throws {
        let h = try await HTTPHarness()
        defer { h.core.remove() }
        _ = try await h.core.makeRoom()
        try await h.app.test(.live) { client in
            let cases: [(String, Int)] = [
                ("{not json", 400), (#"{"app":"live"}"#, 400), (#"{"action":"on_fly","app":"live"}"#, 400),
                (#"{"action":"on_publish","app":"live"}"#, 400), (#"{"action":7}"#, 400),
                (String(repeating: " ", count: 70_000) + "{}", 413),
            ]
            for (body, status) in cases {
                let answer = try await Self.post(client, ByteBuffer(string: body))
                #expect(answer.status == status, "\(body.prefix(40))")
                #expect(answer.json["code"] as? Int != 0)
                #expect((answer.json["reason"] as? String)?.isEmpty == false)
            }
        }
        #expect(try await h.core.store.events(afterId: 0, limit: 10).count == 1)
    }

    @Test("hooks from an address outside the allow list, or without the secret, are refused")
    func guarded() async throws {
        let outside = try await HTTPHarness(hookAllow: ["10.0.0.0/8"])
        defer { outside.core.remove() }
        let room = try await outside.core.makeRoom()
        try await outside.app.test(.live) { client in
            let answer = try await Self.post(client, try Self.body("on_publish.json", liveId: room.liveId, key: room.streamKey!))
            #expect(answer.status == 403)
        }
        #expect(try await outside.core.rooms.get(roomId: room.roomId).status == .idle)

        let secret = try await HTTPHarness(hookSecret: "s3cret")
        defer { secret.core.remove() }
        let room2 = try await secret.core.makeRoom()
        try await secret.app.test(.live) { client in
            let body = try Self.body("on_publish.json", liveId: room2.liveId, key: room2.streamKey!)
            #expect(try await Self.post(client, body).status == 403)
            #expect(try await Self.post(client, body, uri: "/hooks/srs?secret=wrong").status == 403)
            #expect(try await Self.post(client, body, uri: "/hooks/srs?secret=s3cret").json["code"] as? Int == 0)
        }
    }

    @Test("GET on_hls_notify is answered and needs the stream")
    func hlsNotify() async throws {
        let h = try await HTTPHarness()
        defer { h.core.remove() }
        try await h.app.test(.live) { client in
            try await client.execute(uri: "/hooks/srs?action=on_hls_notify&app=live&stream=x&ts_url=x-0.ts", method: .get) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/hooks/srs?action=on_hls_notify", method: .get) { response in
                #expect(response.status == .badRequest)
            }
        }
    }
}
