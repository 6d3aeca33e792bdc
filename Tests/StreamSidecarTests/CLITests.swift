import Foundation
import HTTPTestSupport
import TestFixtures
import Testing

@Suite("stream-sidecar CLI")
struct CLITests {
    @Test("inspect --json prints format, duration and streams")
    func inspectJSON() async throws {
        let result = try await CLIRunner.run(["inspect", Fixtures.path("hls/live/seg-0.ts"), "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try result.json()
        #expect(json["format"] as? String == "mpegts")
        let duration = try #require(json["duration"] as? Double)
        #expect(abs(duration - 1) < 0.2)
        let streams = try #require(json["streams"] as? [[String: Any]])
        let video = try #require(streams.first { $0["type"] as? String == "video" })
        #expect(video["codec"] as? String == "h264")
        #expect(video["width"] as? Int == 320 && video["height"] as? Int == 180)
        let audio = try #require(streams.first { $0["type"] as? String == "audio" })
        #expect(audio["codec"] as? String == "aac")
        #expect((audio["sampleRate"] as? Int ?? 0) > 0 && (audio["channels"] as? Int ?? 0) > 0)
    }

    @Test("inspect of corrupt or missing input exits 1 with one clear line", arguments: ["segments/garbage.ts", "segments/empty.ts", "does/not/exist.ts"])
    func inspectFailure(_ path: String) async throws {
        let result = try await CLIRunner.run(["inspect", Fixtures.path(path)])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("error: "))
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(result.stdout.isEmpty)
    }

    @Test("inspect without --json is a short human report")
    func inspectText() async throws {
        let result = try await CLIRunner.run(["inspect", Fixtures.path("srs/sample-0.ts")])
        #expect(result.status == 0)
        #expect(result.stdout.contains("h264"))
        #expect(result.stdout.contains("320x180"))
    }

    @Test("playlist --json lists kind, target duration, segments and violations")
    func playlistJSON() async throws {
        let result = try await CLIRunner.run(["playlist", Fixtures.path("hls/live/index.m3u8"), "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try result.json()
        #expect(json["kind"] as? String == "media")
        #expect(json["targetDuration"] as? Int == 1)
        #expect(json["mediaSequence"] as? Int == 0)
        #expect((json["segments"] as? [[String: Any]])?.isEmpty == false)
        #expect((json["violations"] as? [Any])?.isEmpty == true)
    }

    @Test("playlist reports a broken rule with its line, and exits 0 because it parsed")
    func playlistViolation() async throws {
        let result = try await CLIRunner.run(["playlist", Fixtures.path("playlists/bad/extinf-over-target.m3u8")])
        #expect(result.status == 0)
        #expect(result.stdout.contains("extinf_exceeds_target_duration"))
    }

    @Test("playlist that cannot be parsed exits 1")
    func playlistUnparseable() async throws {
        let result = try await CLIRunner.run(["playlist", Fixtures.path("playlists/bad/no-extm3u.m3u8")])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("error: "))
    }

    @Test("playlist of a master lists its variants")
    func playlistMaster() async throws {
        let result = try await CLIRunner.run(["playlist", Fixtures.path("hls/master/master.m3u8"), "--json"])
        let json = try result.json()
        #expect(json["kind"] as? String == "master")
        #expect((json["variants"] as? [Any])?.count == 2)
    }

    @Test("probe --json on a ready stream: exit 0 and the documented keys")
    func probeReady() async throws {
        let server = try await Self.serveFixtures()
        let result = try await CLIRunner.run(["probe", server.url("/hls/live/index.m3u8").absoluteString, "--json", "--interval", "0"])
        try await server.stop()
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let json = try result.json()
        #expect(json["ready"] as? Bool == true)
        #expect(json.keys.contains("reason") && json["reason"] is NSNull)
        #expect((json["attempts"] as? [Any])?.count == 1)
        let segment = try #require(json["segment"] as? [String: Any])
        #expect((segment["uri"] as? String)?.hasSuffix(".ts") == true)
        #expect(segment["startsWithKeyframe"] as? Bool == true)
        let video = try #require(segment["video"] as? [String: Any])
        #expect(video["codec"] as? String == "h264")
        #expect(video["width"] as? Int == 320 && video["height"] as? Int == 180)
    }

    @Test("probe of a missing stream: exit 1, reason code, one entry per attempt")
    func probeNotReady() async throws {
        let server = try await Self.serveFixtures()
        let url = server.url("/hls/none.m3u8").absoluteString
        let json = try await CLIRunner.run(["probe", url, "--json", "--attempts", "2", "--interval", "0.01"])
        let text = try await CLIRunner.run(["probe", url, "--attempts", "1"])
        try await server.stop()
        #expect(json.status == 1)
        #expect(try json.json()["reason"] as? String == "playlist_not_found")
        #expect((try json.json()["attempts"] as? [Any])?.count == 2)
        #expect(text.status == 1)
        #expect(text.stdout.hasPrefix("NOT READY (playlist_not_found)"))
    }

    @Test("probe rejects nonsense options with a usage error")
    func probeBadOptions() async throws {
        let result = try await CLIRunner.run(["probe", "http://127.0.0.1:1/x.m3u8", "--attempts", "0"])
        #expect(result.status != 0 && result.status != 1)
        #expect(result.stderr.contains("--attempts"))
    }

    static func serveFixtures() async throws -> ScriptedHTTPServer {
        try await ScriptedHTTPServer.start { request in
            let relative = String(request.path.drop { $0 == "/" })
            guard !relative.contains(".."), let data = FileManager.default.contents(atPath: Fixtures.path(relative)) else {
                return .notFound
            }
            return .ok([UInt8](data), contentType: relative.hasSuffix(".m3u8") ? "application/vnd.apple.mpegurl" : "video/mp2t")
        }
    }
}
