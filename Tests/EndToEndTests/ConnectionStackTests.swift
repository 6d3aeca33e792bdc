import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// Co-hosting end to end: a host and a guest publishing with real ffmpeg encoders into a
/// real nginx-rtmp, the daemon's mixer (a real ffmpeg) composing them, HLSProbe judging the
/// mix, and the room's playback following it.
@Suite(
    "End to end: connections (co-hosting) with nginx-rtmp and ffmpeg", .serialized,
    .enabled(if: E2ETools.shouldRun, "needs nginx with the RTMP module and ffmpeg (scripts/setup.sh --test); required under CI=true"))
struct ConnectionStackTests {
    /// A small mix and a short grace keep the test quick on a 2-core machine.
    static let environment = [
        "SIDECAR_CONNECTIONS_SIZE": "640x360", "SIDECAR_CONNECTIONS_GRACE": "3", "SIDECAR_CONNECTIONS_FFMPEG": E2ETools.ffmpeg.path,
    ]

    @Test("the mix becomes playable (one 640x360 video with audio), survives a killed mixer, and the guest leaving returns playback to the host")
    func coHosting() async throws {
        try await E2EStack.run(environment: Self.environment) { stack in
            let room = try await stack.api.createRoom("e2e-cohost", owner: "alice")
            _ = try stack.publish(room.liveId, query: "key=\(room.key)", name: "host")
            try await stack.eventually("the room to go live") {
                try await stack.api.room("e2e-cohost")["status"] as? String == "live"
            }

            let created = try await stack.api.call("POST", "/api/v1/rooms/e2e-cohost/connections", body: #"{"guest":"bob"}"#)
            #expect(created.status == 201, "\(created.text)")
            let id = try #require(created.json["connectionId"] as? String)
            let publishURL = try #require(created.json["guestPublishURL"] as? String)
            let guestLiveId = try #require(created.json["guestLiveId"] as? String)
            let mix = try #require(created.json["mix"] as? [String: Any])
            let mixLiveId = try #require(mix["liveId"] as? String)
            let query = String(try #require(publishURL.split(separator: "?").last))
            let connectionPath = "/api/v1/rooms/e2e-cohost/connections/\(id)"

            let guest = try stack.publish(guestLiveId, query: query, name: "guest", pattern: "smptebars", tone: 880)
            try await stack.eventually("the mix to become playable", timeout: .seconds(90)) {
                try await stack.api.call("GET", connectionPath).json["state"] as? String == "active"
            }
            let playback = try #require(try await stack.api.room("e2e-cohost")["playback"] as? [String: Any])
            #expect(playback["source"] as? String == "mix" && playback["liveId"] as? String == mixLiveId)

            // The mix's newest segment, as nginx serves it: one video at the composite size, with audio.
            let info = try await inspectNewestSegment(stack, liveId: mixLiveId)
            let streams = info["streams"] as? [[String: Any]] ?? []
            let videos = streams.filter { $0["type"] as? String == "video" }
            let audios = streams.filter { $0["type"] as? String == "audio" }
            #expect(videos.count == 1 && audios.count == 1, "\(streams)")
            #expect(videos.first?["codec"] as? String == "h264")
            #expect(videos.first?["width"] as? Int == 640 && videos.first?["height"] as? Int == 360)
            #expect(audios.first?["codec"] as? String == "aac")

            // The mixer killed: the supervisor starts a new ffmpeg, and the mix comes back.
            let mixer = try #require(try await stack.api.call("GET", connectionPath).json["mixer"] as? [String: Any])
            let pid = try #require(mixer["pid"] as? Int)
            #expect(isFFmpeg(pid), "the mixer's pid is an ffmpeg process")
            kill(pid_t(pid), SIGKILL)
            try await stack.eventually("a new mixer process reporting progress", timeout: .seconds(60)) {
                let mixer = try await stack.api.call("GET", connectionPath).json["mixer"] as? [String: Any]
                guard let now = mixer?["pid"] as? Int, now != pid else { return false }
                return mixer?["phase"] as? String == "running" && (mixer?["restarts"] as? Int ?? 0) >= 1
            }
            try await stack.eventually("the connection active again", timeout: .seconds(60)) {
                try await stack.api.call("GET", connectionPath).json["state"] as? String == "active"
            }

            // The guest leaves: after the grace the connection ends and viewers go back to the host.
            await guest.stop(signal: SIGINT)
            try await stack.eventually("the connection to end", timeout: .seconds(60)) {
                try await stack.api.call("GET", connectionPath).json["state"] as? String == "ended"
            }
            let ended = try await stack.api.call("GET", connectionPath).json
            #expect(ended["reason"] as? String == "guest_left")
            let back = try #require(try await stack.api.room("e2e-cohost")["playback"] as? [String: Any])
            #expect(back["source"] as? String == "host" && back["liveId"] as? String == room.liveId)
            #expect(try await stack.api.room("e2e-cohost")["status"] as? String == "live", "the host's own broadcast goes on")

            try await stack.eventually("the connection's events at the webhook receiver") {
                stack.receiver.types(room: "e2e-cohost").contains("connection.ended")
            }
            let types = stack.receiver.types(room: "e2e-cohost").filter { $0.hasPrefix("connection.") || $0 == "room.playback_changed" }
            #expect(types.first == "connection.requested" && types.contains("connection.started"))
            #expect(types.last == "connection.ended")
            #expect(types.filter { $0 == "room.playback_changed" }.count >= 2, "\(types)")
            #expect(stack.receiver.events.allSatisfy { $0.signatureValid })
            // Reconciliation never kicked the guest or the mixer.
            let kicks = stack.daemonLog(message: "kicking a publisher the sidecar never accepted")
            #expect(kicks.isEmpty, "\(kicks)")
        }
    }

    private func isFFmpeg(_ pid: Int) -> Bool {
        let command = (try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8)) ?? ""
        return command.hasPrefix("ffmpeg")
    }

    /// `stream-sidecar inspect --json` on the newest segment of the stream's HLS playlist.
    private func inspectNewestSegment(_ stack: E2EStack, liveId: String) async throws -> [String: Any] {
        let playlistURL = URL(string: "http://127.0.0.1:\(stack.httpPort)/live/\(liveId).m3u8")!
        let (data, _) = try await URLSession.shared.data(from: playlistURL)
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
        let segment = try #require(lines.last { !$0.hasPrefix("#") && !$0.isEmpty }, "no segment in \(lines)")
        let segmentURL = URL(string: segment, relativeTo: playlistURL)!.absoluteString
        let inspect = try ManagedProcess(
            name: "inspect", executable: E2ETools.daemonBinary, arguments: ["inspect", segmentURL, "--json"],
            logDirectory: stack.directory)
        let status = await inspect.waitForExit(timeout: .seconds(30))
        #expect(status == 0, "inspect exited \(String(describing: status)): \(inspect.logTail())")
        // The JSON document is what stdout printed; anything logged before it is skipped.
        let log = inspect.log
        let json = log.firstIndex(of: "{").map { String(log[$0...]) } ?? log
        return (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any] ?? [:]
    }
}
