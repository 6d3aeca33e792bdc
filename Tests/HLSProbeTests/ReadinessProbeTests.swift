import Foundation
import HLSProbe
import HTTPTestSupport
import TestFixtures
import Testing

@Suite("Readiness probe over loopback")
struct ReadinessProbeTests {
    @Test("a live playlist whose newest segment starts with a keyframe is ready at once")
    func liveIsReady() async throws {
        let server = try await FixtureServer.start()
        let verdict = await ProbeHarness().run(server.url("hls/live/index.m3u8"))
        try await server.stop()

        #expect(verdict.ready, "\(verdict.message)")
        #expect(verdict.reason == nil)
        #expect(verdict.attempts.count == 1)
        let segment = try #require(verdict.segment)
        #expect(segment.startsWithKeyframe)
        #expect(segment.decodes == true)
        #expect(segment.video?.codec == "h264")
        #expect(segment.video?.width == 320 && segment.video?.height == 180)
        #expect(segment.audio?.codec == "aac")
        #expect(verdict.attempts[0].fetches.map(\.resource) == [.playlist, .segment])
    }

    @Test("404 for the first two requests, then 200: ready on attempt 3, spaced by the interval")
    func readyOnThirdAttempt() async throws {
        let server = try await FixtureServer.start()
        server.script("hls/live/index.m3u8") { _, n in n <= 2 ? .notFound : nil }
        let harness = ProbeHarness()
        let verdict = await harness.run(server.url("hls/live/index.m3u8"))
        try await server.stop()

        #expect(verdict.ready, "\(verdict.message)")
        #expect(verdict.attempts.map(\.reason) == [.playlistNotFound, .playlistNotFound, nil])
        #expect(verdict.attempts.map(\.startedAt) == [0, 3, 6])
        #expect(harness.clock.elapsed == .seconds(6))
    }

    @Test("three 404s: not ready with the reason and every attempt")
    func neverReady() async throws {
        let server = try await FixtureServer.start()
        server.script("hls/live/index.m3u8") { _, _ in .notFound }
        let verdict = await ProbeHarness().run(server.url("hls/live/index.m3u8"))
        try await server.stop()

        #expect(!verdict.ready)
        #expect(verdict.reason == .playlistNotFound)
        #expect(verdict.attempts.count == 3)
        #expect(verdict.message.contains("404"))
    }

    @Test("SRS's master playlist is followed to its hls_ctx media playlist, queries kept")
    func srsMasterFollowed() async throws {
        let server = try await FixtureServer.start()
        // SRS answers /live/sample.m3u8 with a master pointing at the same path plus hls_ctx.
        server.script("live/sample.m3u8") { request, _ in
            let file = request.query == nil ? "srs/master-from-http.m3u8" : "srs/media-from-http.m3u8"
            return .ok(Array(try! Data(contentsOf: TestFixtures.Fixtures.url(file))), contentType: "application/vnd.apple.mpegurl")
        }
        for n in 0..<3 {
            server.script("live/sample-\(n).ts") { _, _ in
                .ok(Array(try! Data(contentsOf: TestFixtures.Fixtures.url("srs/sample-\(n).ts"))), contentType: "video/MP2T")
            }
        }
        let verdict = await ProbeHarness().run(server.url("live/sample.m3u8"))
        let requests = server.server.requests.map(\.uri)
        try await server.stop()

        #expect(verdict.ready, "\(verdict.message)")
        #expect(verdict.variants?.count == 1)
        #expect(verdict.segment?.uri == "sample-2.ts?hls_ctx=59f0y929")
        #expect(requests == ["/live/sample.m3u8", "/live/sample.m3u8?hls_ctx=59f0y929", "/live/sample-2.ts?hls_ctx=59f0y929"])
        #expect(verdict.segment?.video?.width == 320)
    }

    @Test("a playlist that stops changing becomes stale after 1.5 × target duration")
    func staleByHistory() async throws {
        let server = try await FixtureServer.start()
        let harness = ProbeHarness()
        let url = server.url("hls/live/index.m3u8")
        let first = await harness.run(url)
        harness.clock.advance(by: .seconds(1))
        let stillFresh = await harness.run(url)
        harness.clock.advance(by: .seconds(1))
        let stale = await harness.run(url, ProbeOptions(attempts: 1))
        try await server.stop()

        #expect(first.ready && stillFresh.ready)
        #expect(stale.reason == .playlistStale)
        #expect(stale.playlist?.unchangedFor == 2)
    }

    @Test("a playlist whose Last-Modified is old is stale at the first attempt")
    func staleByLastModified() async throws {
        let server = try await FixtureServer.start()
        let body = TestFixtures.Fixtures.bytes("hls/live/index.m3u8")
        server.script("hls/live/index.m3u8") { _, _ in
            TestResponse(status: 200, headers: [
                ("Content-Type", "application/vnd.apple.mpegurl"),
                ("Date", "Mon, 23 Nov 2026 10:00:30 GMT"),
                ("Last-Modified", "Mon, 23 Nov 2026 10:00:00 GMT"),
            ], body: body)
        }
        let verdict = await ProbeHarness().run(server.url("hls/live/index.m3u8"), ProbeOptions(attempts: 1))
        try await server.stop()

        #expect(verdict.reason == .playlistStale)
        #expect(verdict.message.contains("stale after 1.5 s"))
    }

    @Test("the newest segment answering 404 is segment_not_found")
    func segmentNotFound() async throws {
        let server = try await FixtureServer.start()
        let newest = try #require(Self.newestSegment("hls/live/index.m3u8"))
        server.script("hls/live/\(newest)") { _, _ in .notFound }
        let verdict = await ProbeHarness().run(server.url("hls/live/index.m3u8"), ProbeOptions(attempts: 2, interval: .seconds(1)))
        try await server.stop()

        #expect(verdict.reason == .segmentNotFound)
        #expect(verdict.attempts.count == 2)
    }

    @Test("a playlist slower than the timeout is playlist_timeout, without waiting seconds")
    func slowerThanTimeout() async throws {
        let server = try await FixtureServer.start()
        // The answer would come after 30 s; the bound leaves room for a loaded machine running
        // the whole suite in parallel (a 5 s answer against a 4 s bound flaked there).
        server.script("hls/live/index.m3u8") { _, _ in TestResponse(status: 200, body: [], delay: .seconds(30)) }
        let started = ContinuousClock.now
        let verdict = await ProbeHarness(totalTimeout: .milliseconds(200)).run(server.url("hls/live/index.m3u8"), ProbeOptions(attempts: 1))
        let took = ContinuousClock.now - started
        try await server.stop()

        #expect(verdict.reason == .playlistTimeout)
        #expect(took < .seconds(10))
    }

    static func newestSegment(_ playlist: String) -> String? {
        TestFixtures.Fixtures.text(playlist).split(separator: "\n").last { !$0.hasPrefix("#") && !$0.isEmpty }.map(String.init)
    }
}
