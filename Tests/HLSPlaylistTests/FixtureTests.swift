import Foundation
import TestFixtures
import Testing

@testable import HLSPlaylist

/// The shared files under Fixtures/ (see Fixtures/README.md for what each one is).
@Suite("Fixture playlists")
struct FixtureTests {
    func parseFixture(_ path: String) throws(PlaylistError) -> Playlist {
        try PlaylistParser().parse(Fixtures.bytes(path), baseURL: Fixtures.url(path))
    }

    func fixtureError(_ path: String) -> PlaylistError? {
        do {
            _ = try parseFixture(path)
            return nil
        } catch {
            return error
        }
    }

    /// Playlists that must parse and break no rule: (path, segments or variants, first MSN).
    static let valid: [(String, Int, Int)] = [
        ("hls/live/index.m3u8", 6, 0), ("hls/vod/index.m3u8", 3, 0), ("hls/master/v0/index.m3u8", 3, 0),
        ("hls/master/v1/index.m3u8", 3, 0), ("hls/fmp4/index.m3u8", 3, 0), ("hls/audio-only/index.m3u8", 3, 0),
        ("hls/no-keyframe/index.m3u8", 2, 1), ("hls/master/master.m3u8", 2, 0),
        ("srs/sample.m3u8", 3, 0), ("srs/media-from-http.m3u8", 3, 0), ("srs/master-from-http.m3u8", 1, 0),
        ("srs/srs6/room1.m3u8", 6, 4), ("srs/srs6/http-media.m3u8", 6, 0), ("srs/srs6/http-master.m3u8", 1, 0),
        ("srs/srs7/room1.m3u8", 6, 4), ("srs/srs7/http-media.m3u8", 6, 0), ("srs/srs7/http-master.m3u8", 1, 0),
        ("playlists/bad/crlf.m3u8", 3, 7), ("playlists/bad/crlf-no-bom.m3u8", 3, 7),
        ("playlists/bad/ll-hls.m3u8", 2, 100),
    ]

    @Test(arguments: valid)
    func validFixture(_ path: String, _ count: Int, _ firstSequence: Int) throws {
        let playlist = try parseFixture(path)
        switch playlist {
        case .master(let master):
            #expect(master.variants.count == count)
            #expect(master.variants.allSatisfy { $0.url != nil })
        case .media(let media):
            #expect(media.segments.count == count)
            #expect(media.segments.first?.sequenceNumber == firstSequence)
            #expect(media.segments.allSatisfy { !$0.uri.contains("\r") && $0.url != nil })
        }
        #expect(PlaylistValidator.validate(playlist) == [])
    }

    @Test func generatedMasterAttributes() throws {
        let master = try #require(try parseFixture("hls/master/master.m3u8").master)
        let first = master.variants[0]
        #expect(first.bandwidth == 215_072 && first.averageBandwidth == 200_032)
        #expect(first.codecList == ["avc1.64000d", "mp4a.40.2"])
        #expect(first.resolution == Resolution(width: 320, height: 180) && first.frameRate == 30)
        #expect(first.url == Fixtures.url("hls/master/v0/index.m3u8"))
        #expect(master.variants[1].resolution == Resolution(width: 160, height: 90))
    }

    @Test func srsHTTPMediaKeepsContext() throws {
        let media = try #require(try parseFixture("srs/srs7/http-media.m3u8").media)
        #expect(media.segments.allSatisfy { $0.uri.hasSuffix("?hls_ctx=q5i0591g") })
        #expect(media.segments.first?.discontinuity == true)
    }

    @Test func lowLatencyFixture() throws {
        let media = try #require(try parseFixture("playlists/bad/ll-hls.m3u8").media)
        #expect(media.segments.map(\.sequenceNumber) == [100, 101])
        #expect(media.segments[1].parts.count == 4)
        #expect(media.trailingParts.map(\.uri) == ["seg-102.0.m4s", "seg-102.1.m4s"])
        #expect(media.preloadHints.first?.uri == "seg-102.2.m4s")
        #expect(media.renditionReports.first?.lastMediaSequence == 102)
        #expect(media.serverControl?.holdBack == 12)
    }

    @Test func extinfOverTargetFixture() throws {
        let playlist = try parseFixture("playlists/bad/extinf-over-target.m3u8")
        let violations = PlaylistValidator.validate(playlist)
        #expect(violations.map(\.rule) == ["extinf_exceeds_target_duration"])
        #expect(violations.first?.line == 7)
        let segment = playlist.media?.segments.first { $0.line == violations.first?.line }
        #expect(segment?.uri == "seg-1.ts" && segment?.sequenceNumber == 1)
    }

    static let invalid: [(String, PlaylistError.Code, Int?)] = [
        ("playlists/bad/no-extm3u.m3u8", .missingHeader, 1),
        ("playlists/bad/empty.m3u8", .missingHeader, nil),
        ("playlists/bad/bad-attributes.m3u8", .missingAttribute, 2),
        ("playlists/bad/bad-attr-missing-bandwidth.m3u8", .missingAttribute, 4),
        ("playlists/bad/bad-attr-unterminated-quote.m3u8", .invalidAttribute, 4),
        ("playlists/bad/bad-attr-resolution.m3u8", .invalidNumber, 4),
        ("playlists/bad/negative-numbers.m3u8", .invalidNumber, 3),
        ("playlists/bad/huge-numbers.m3u8", .invalidNumber, 3),
        ("playlists/bad/mixed-master-media.m3u8", .mixedPlaylist, 4),
        ("playlists/bad/binary.m3u8", .invalidEncoding, 2),
    ]

    @Test(arguments: invalid)
    func invalidFixture(_ path: String, _ code: PlaylistError.Code, _ line: Int?) throws {
        let error = try #require(fixtureError(path))
        #expect(error.code == code, "\(error)")
        #expect(error.line == line, "\(error)")
    }

    @Test func hundredThousandLines() throws {
        let clock = ContinuousClock()
        var media: MediaPlaylist?
        let elapsed = try clock.measure { media = try parseFixture("playlists/bad/lines-100k.m3u8").media }
        #expect(media?.segments.count == 49_999)
        #expect(media?.segments.allSatisfy { $0.uri == "a.ts" && $0.duration == 1 } == true)
        #expect(elapsed < .seconds(10))
    }

    @Test func unusualBadFixtureMessages() throws {
        let quote = try #require(fixtureError("playlists/bad/bad-attr-unterminated-quote.m3u8"))
        #expect(quote.description == "line 4: EXT-X-STREAM-INF: CODECS has an unterminated quoted-string")
        let resolution = try #require(fixtureError("playlists/bad/bad-attr-resolution.m3u8"))
        #expect(resolution.description == "line 4: EXT-X-STREAM-INF: RESOLUTION is not a decimal-resolution: 'abc'")
    }
}
