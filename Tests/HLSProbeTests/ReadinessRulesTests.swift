import Foundation
import HLSProbe
import Testing

/// One fixture per rule: each must yield its reason code (or be ready).
@Suite("Readiness rules over the fixtures")
struct ReadinessRulesTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var path: String
        var options: ProbeOptions
        var expected: ReadinessReason?
        var testDescription: String { "\(path) → \(expected?.rawValue ?? "ready")" }
    }

    static let once = ProbeOptions(attempts: 1)

    static let cases: [Case] = [
        Case(path: "hls/live/index.m3u8", options: once, expected: nil),
        Case(path: "hls/master/master.m3u8", options: once, expected: nil),
        Case(path: "hls/fmp4/index.m3u8", options: once, expected: nil),
        Case(path: "hls/vod/index.m3u8", options: once, expected: .playlistEnded),
        Case(path: "hls/vod/index.m3u8", options: ProbeOptions(attempts: 1, allowEnded: true), expected: nil),
        Case(path: "hls/audio-only/index.m3u8", options: once, expected: .noVideo),
        Case(path: "hls/audio-only/index.m3u8", options: ProbeOptions(attempts: 1, allowAudioOnly: true), expected: nil),
        Case(path: "hls/no-keyframe/index.m3u8", options: once, expected: .keyframeMissing),
        Case(path: "hls/live/index.m3u8", options: ProbeOptions(attempts: 1, minSegments: 50), expected: .tooFewSegments),
        Case(path: "playlists/bad/extinf-over-target.m3u8", options: once, expected: .segmentDurationExceedsTarget),
        Case(path: "playlists/bad/no-extm3u.m3u8", options: once, expected: .playlistInvalid),
        Case(path: "playlists/bad/binary.m3u8", options: once, expected: .playlistInvalid),
        Case(path: "hls/missing.m3u8", options: once, expected: .playlistNotFound),
    ]

    @Test(arguments: cases)
    func rule(_ c: Case) async throws {
        let server = try await FixtureServer.start()
        let verdict = await ProbeHarness().run(server.url(c.path), c.options)
        try await server.stop()
        #expect(verdict.reason == c.expected, "\(verdict.message)")
        #expect(verdict.ready == (c.expected == nil))
    }

    @Test("a master playlist's variants are each checked")
    func masterVariants() async throws {
        let server = try await FixtureServer.start()
        let verdict = await ProbeHarness().run(server.url("hls/master/master.m3u8"), Self.once)
        try await server.stop()
        #expect(verdict.variants?.count == 2)
        #expect(verdict.variants?.allSatisfy(\.ready) == true)
    }

    @Test("corrupt newest segments are segment_unreadable")
    func corruptSegment() async throws {
        let server = try await FixtureServer.start()
        for (name, file) in [("garbage", "segments/garbage.ts"), ("truncated", "segments/truncated.ts"), ("empty", "segments/empty.ts")] {
            server.script("corrupt/\(name).m3u8") { _, _ in
                .text("#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:1.0,\n/\(file)\n", contentType: "application/vnd.apple.mpegurl")
            }
        }
        var reasons: [ReadinessReason?] = []
        for name in ["garbage", "truncated", "empty"] {
            reasons.append(await ProbeHarness().run(server.url("corrupt/\(name).m3u8"), Self.once).reason)
        }
        try await server.stop()
        #expect(reasons[0] == .segmentUnreadable)
        #expect(reasons[2] == .segmentUnreadable)
        // A truncated segment may still hold a whole keyframe; it must never be a crash.
        #expect(reasons[1] == .segmentUnreadable || reasons[1] == nil || reasons[1] == .keyframeUndecodable)
    }

    @Test("a hostile playlist pointing at a local file is refused, not read")
    func fileSchemeRefused() async throws {
        let server = try await FixtureServer.start()
        server.script("evil.m3u8") { _, _ in
            .text("#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:1.0,\nfile:///etc/passwd\n", contentType: "application/vnd.apple.mpegurl")
        }
        let verdict = await ProbeHarness().run(server.url("evil.m3u8"), Self.once)
        try await server.stop()
        #expect(verdict.reason == .segmentUnreachable)
        #expect(verdict.segment == nil)
    }

    @Test("a URL that is not http(s) makes no attempt")
    func invalidURL() async throws {
        let verdict = await ProbeHarness().run(URL(string: "ftp://example.org/live.m3u8")!)
        #expect(verdict.reason == .invalidURL)
        #expect(verdict.attempts.isEmpty)
    }

    @Test("attempts reuse one connection")
    func connectionReuse() async throws {
        let server = try await FixtureServer.start()
        server.script("hls/live/index.m3u8") { _, n in n <= 2 ? .notFound : nil }
        let verdict = await ProbeHarness().run(server.url("hls/live/index.m3u8"))
        let connections = server.server.acceptedConnections
        try await server.stop()
        #expect(verdict.ready)
        #expect(connections == 1)
        #expect(verdict.attempts[2].fetches.allSatisfy { $0.reusedConnection == true })
    }

    @Test("a cancelled probe says so")
    func cancelled() async throws {
        let server = try await FixtureServer.start()
        server.script("hls/live/index.m3u8") { _, _ in .notFound }
        let harness = ProbeHarness()
        let url = server.url("hls/live/index.m3u8")
        let task = Task { await harness.probe.probe(url, options: ProbeOptions(attempts: 3, interval: .seconds(30))) }
        task.cancel()
        let verdict = await task.value
        try await server.stop()
        #expect(verdict.reason == .cancelled)
    }
}
