import Crypto
import Foundation
import Testing

/// The daemon beside a real nginx-rtmp, driven by real ffmpeg encoders and players, checked
/// through the daemon's API and a webhook receiver. Each test gets its own nginx, daemon and
/// database (see `E2EStack`).
@Suite(
    "End to end: nginx-rtmp, the daemon and ffmpeg", .serialized,
    .enabled(if: E2ETools.shouldRun, "needs nginx with the RTMP module and ffmpeg (scripts/setup.sh --test); required under CI=true"))
struct NginxRTMPStackTests {
    @Test("publish with the room's key: live, playable with media read from nginx's HLS, webhooks; stop: idle")
    func publishAndStop() async throws {
        try await E2EStack.run { stack in
            let room = try await stack.api.createRoom("e2e-live", owner: "alice")
            let publisher = try stack.publish(room.liveId, query: "key=\(room.key)")
            try await stack.eventually("the room to go live") {
                try await stack.api.room("e2e-live")["status"] as? String == "live"
            }
            let liveSince = ContinuousClock.now
            let live = try await stack.api.room("e2e-live")
            #expect((live["publisher"] as? [String: Any])?["ip"] as? String == "127.0.0.1")

            try await stack.eventually("the room to become playable", timeout: .seconds(60)) {
                try await stack.api.room("e2e-live")["playable"] as? Bool == true
            }
            // What HLSProbe read from nginx's newest segment: the encoder's own parameters.
            let readiness = try await stack.api.call("GET", "/api/v1/rooms/e2e-live/readiness")
            #expect(readiness.json["ready"] as? Bool == true)
            let segment = (readiness.json["verdict"] as? [String: Any])?["segment"] as? [String: Any]
            let video = segment?["video"] as? [String: Any]
            #expect(video?["codec"] as? String == "h264")
            #expect(video?["width"] as? Int == 320 && video?["height"] as? Int == 180)
            #expect((segment?["audio"] as? [String: Any])?["codec"] as? String == "aac")
            #expect(segment?["startsWithKeyframe"] as? Bool == true)
            #expect((readiness.json["verdict"] as? [String: Any])?["url"] as? String == "http://127.0.0.1:\(stack.httpPort)/live/\(room.liveId).m3u8")

            try await stack.eventually("room.live and room.playable at the webhook receiver") {
                let types = stack.receiver.types(room: "e2e-live")
                return types.contains("room.live") && types.contains("room.playable")
            }
            #expect(stack.receiver.types(room: "e2e-live").prefix(3) == ["room.created", "room.live", "room.playable"])

            // Reconciliation reads nginx's stat page every 2 s and judges a publisher once it
            // is 5 s old: a pass after that must find this one and leave the room alone.
            try await Task.sleep(until: liveSince + .seconds(6))
            let passes = try await stack.api.metric(#"sidecar_reconcile_runs_total{result="completed"}"#) ?? 0
            try await stack.eventually("another reconciliation pass") {
                try await stack.api.metric(#"sidecar_reconcile_runs_total{result="completed"}"#) ?? 0 > passes
            }
            #expect(try await stack.api.metric(#"sidecar_reconcile_corrections_total{kind="room_idle"}"#) == 0)
            #expect(try await stack.api.metric(#"sidecar_reconcile_corrections_total{kind="publisher_kicked"}"#) == 0)
            #expect(try await stack.api.room("e2e-live")["status"] as? String == "live")

            // The encoder ends its stream the way a person would (Ctrl-C): on_publish_done.
            await publisher.stop(signal: SIGINT)
            try await stack.eventually("the room to go idle") {
                try await stack.api.room("e2e-live")["status"] as? String == "idle"
            }
            #expect(try await stack.api.metric(#"sidecar_hooks_total{action="on_publish_done",result="allowed"}"#) == 1)
            #expect(try await stack.api.metric(#"sidecar_reconcile_corrections_total{kind="room_idle"}"#) == 0)
            try await stack.eventually("room.idle at the webhook receiver") {
                // recording.* events of the same room may follow it.
                stack.receiver.types(room: "e2e-live").filter { $0.hasPrefix("room.") }.last == "room.idle"
            }
            // nginx finished the recording (on_record_done): indexed with what the inspector read.
            try await stack.eventually("the recording to be indexed", timeout: .seconds(60)) {
                let page = try await stack.api.call("GET", "/api/v1/recordings?roomId=e2e-live")
                return (page.json["recordings"] as? [[String: Any]])?.isEmpty == false
            }
            let page = try await stack.api.call("GET", "/api/v1/recordings?roomId=e2e-live")
            let recording = try #require((page.json["recordings"] as? [[String: Any]])?.first)
            #expect(recording["status"] as? String == "ready", "\(recording)")
            #expect(recording["liveId"] as? String == room.liveId && recording["owner"] as? String == "alice")
            let media = recording["media"] as? [String: Any]
            #expect(media?["videoCodec"] as? String == "h264" && media?["width"] as? Int == 320 && media?["height"] as? Int == 180)
            #expect(media?["audioCodec"] as? String == "aac")
            #expect(((media?["duration"] as? Double) ?? 0) > 1)
            #expect((recording["file"] as? String)?.hasPrefix("/") == false, "the API never shows absolute paths")
            try await stack.eventually("recording.ready at the webhook receiver") {
                stack.receiver.types(room: "e2e-live").contains("recording.ready")
            }
            let signed = stack.receiver.events.allSatisfy { $0.signatureValid }
            #expect(signed, "every webhook carries a valid signature")
        }
    }

    @Test("refused: a wrong key, the old key after rotation, an expired signed token, a banned owner")
    func refusals() async throws {
        try await E2EStack.run { stack in
            let wrong = try await stack.api.createRoom("e2e-wrong", owner: "bob")
            try await refused(stack, room: "e2e-wrong", liveId: wrong.liveId, query: "key=sk-not-the-key", code: "invalid_key")

            let rotated = try await stack.api.createRoom("e2e-rotated", owner: "carol")
            #expect(try await stack.api.call("POST", "/api/v1/rooms/e2e-rotated/stream-key").status == 200)
            try await refused(stack, room: "e2e-rotated", liveId: rotated.liveId, query: "key=\(rotated.key)", code: "invalid_key")

            let token = try await stack.api.createRoom("e2e-token", owner: "dave")
            let expires = Int(Date().timeIntervalSince1970) - 60
            let signature = HMAC<SHA256>.authenticationCode(
                for: Data("\(token.liveId):\(expires)".utf8), using: SymmetricKey(data: Data(E2EStack.tokenSecret.utf8)))
            let hex = signature.map { String(format: "%02x", $0) }.joined()
            try await refused(stack, room: "e2e-token", liveId: token.liveId, query: "token=\(hex)&expires=\(expires)", code: "expired_token")

            let banned = try await stack.api.createRoom("e2e-banned", owner: "erin")
            #expect(try await stack.api.call("PUT", "/api/v1/bans/erin", body: #"{"reason":"e2e"}"#).status == 200)
            try await refused(stack, room: "e2e-banned", liveId: banned.liveId, query: "key=\(banned.key)", code: "banned")

            let types = Set(stack.receiver.events.map(\.type))
            #expect(!types.contains("room.live"), "no refused publisher ever made a room live")
        }
    }

    /// The encoder is disconnected by nginx (ffmpeg exits with an error), the room stays idle,
    /// and the daemon logged the deny with the expected code.
    private func refused(_ stack: E2EStack, room: String, liveId: String, query: String, code: String) async throws {
        let publisher = try stack.publish(liveId, query: query, name: "refused-\(room)")
        let status = await publisher.waitForExit(timeout: .seconds(30))
        #expect(status != nil && status != 0, "\(room): nginx should have disconnected the encoder\n\(stack.diagnostics())")
        await publisher.stop()
        #expect(try await stack.api.room(room)["status"] as? String == "idle", "\(room)")
        let denies = stack.daemonLog(message: "nginx-rtmp notification denied").filter { $0["stream.name"] == liveId }
        #expect(denies.map { $0["hook.deny"] } == [code], "\(room): \(denies)")
    }

    @Test("closing the room while publishing disconnects the publisher and delivers room.closed")
    func closeWhilePublishing() async throws {
        try await E2EStack.run { stack in
            let room = try await stack.api.createRoom("e2e-close", owner: "frank")
            let publisher = try stack.publish(room.liveId, query: "key=\(room.key)")
            try await stack.eventually("the room to go live") {
                try await stack.api.room("e2e-close")["status"] as? String == "live"
            }
            let closed = try await stack.api.call("DELETE", "/api/v1/rooms/e2e-close")
            #expect(closed.status == 200)
            #expect(closed.json["kicked"] as? Bool == true, "nginx's control module dropped the publisher: \(closed.text)")
            let status = await publisher.waitForExit(timeout: .seconds(30))
            #expect(status != nil && status != 0, "the encoder lost its connection\n\(stack.diagnostics())")
            #expect(try await stack.api.call("GET", "/api/v1/rooms/e2e-close").status == 404)
            try await stack.eventually("room.closed at the webhook receiver") {
                stack.receiver.types(room: "e2e-close").contains("room.closed")
            }
        }
    }

    @Test("an RTMP player is counted while it plays: viewers 1, then 0")
    func viewerCount() async throws {
        try await E2EStack.run { stack in
            let room = try await stack.api.createRoom("e2e-view", owner: "grace")
            _ = try stack.publish(room.liveId, query: "key=\(room.key)")
            try await stack.eventually("the room to go live") {
                try await stack.api.room("e2e-view")["status"] as? String == "live"
            }
            let player = try stack.play(room.liveId)
            try await stack.eventually("one viewer") { try await stack.api.room("e2e-view")["viewers"] as? Int == 1 }
            // Let it play a little, then stop it the way a person would (Ctrl-C).
            try await Task.sleep(for: .seconds(1))
            await player.stop(signal: SIGINT)
            try await stack.eventually("no viewer") { try await stack.api.room("e2e-view")["viewers"] as? Int == 0 }
            // Counted and uncounted by nginx's notifications, not by reconciliation.
            #expect(try await stack.api.metric(#"sidecar_hooks_total{action="on_play",result="allowed"}"#) == 1)
            #expect(try await stack.api.metric(#"sidecar_hooks_total{action="on_play_done",result="allowed"}"#) == 1)
            #expect(try await stack.api.metric(#"sidecar_reconcile_corrections_total{kind="viewer_removed"}"#) == 0)
            try await stack.eventually("viewers.changed at the webhook receiver") {
                stack.receiver.types(room: "e2e-view").contains("viewers.changed")
            }
        }
    }
}
