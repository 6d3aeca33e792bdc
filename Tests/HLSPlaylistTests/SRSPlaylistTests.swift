import Foundation
import Testing

@testable import HLSPlaylist

@Suite("SRS playlists")
struct SRSPlaylistTests {
    @Test func masterHasOneVariantWithHLSContextKept() throws {
        let master = try parseMaster(SRS.master, base: SRS.masterURL)
        #expect(master.variants.count == 1)
        let variant = try #require(master.variants.first)
        #expect(variant.uri == "/live/sample.m3u8?hls_ctx=59f0y929")
        #expect(variant.url == URL(string: "http://127.0.0.1:8080/live/sample.m3u8?hls_ctx=59f0y929"))
        #expect(variant.bandwidth == 1)
        #expect(variant.averageBandwidth == 1)
        #expect(variant.line == 2)
        #expect(master.version == nil)
        #expect(PlaylistValidator.validate(.master(master)) == [])
    }

    @Test func masterResolvesAgainstTheRoomURLToo() throws {
        let base = URL(string: "http://127.0.0.1:8080/live/room.m3u8?hls_ctx=59f0y929")!
        let master = try parseMaster(SRS.master, base: base)
        #expect(master.variants.first?.resolvedURI == "http://127.0.0.1:8080/live/sample.m3u8?hls_ctx=59f0y929")
    }

    @Test func mediaHasThreeSegments() throws {
        let media = try parseMedia(SRS.media, base: SRS.mediaURL)
        #expect(media.version == 3)
        #expect(media.targetDuration == 3)
        #expect(media.mediaSequence == 0)
        #expect(media.hasEndList == false)
        #expect(media.segments.map(\.duration) == [2.023, 2.000, 2.000])
        #expect(media.segments.map(\.title) == ["no desc", "no desc", "no desc"])
        #expect(media.segments.map(\.discontinuity) == [true, false, false])
        #expect(media.segments.map(\.sequenceNumber) == [0, 1, 2])
        #expect(media.segments.map(\.discontinuitySequence) == [1, 1, 1])
        #expect(media.segments.map(\.line) == [6, 8, 10])
        #expect(media.segments.map(\.uri) == (0..<3).map { "sample-\($0).ts?hls_ctx=59f0y929" })
        #expect(media.segments.map(\.url) == (0..<3).map {
            URL(string: "http://127.0.0.1:8080/live/sample-\($0).ts?hls_ctx=59f0y929")
        })
        #expect(abs(media.totalDuration - 6.023) < 1e-9)
        #expect(media.lastSegment?.uri == "sample-2.ts?hls_ctx=59f0y929")
        #expect(media.nextSequenceNumber == 3)
        #expect(PlaylistValidator.validate(.media(media)) == [])
    }

    @Test func mediaWithoutBaseURLKeepsRawURIs() throws {
        let media = try parseMedia(SRS.media)
        #expect(media.segments.allSatisfy { $0.url == nil && $0.resolvedURI == nil })
        #expect(media.segments.first?.uri == "sample-0.ts?hls_ctx=59f0y929")
    }

    @Test func crlfParsesLikeLF() throws {
        let crlf = SRS.media.replacingOccurrences(of: "\n", with: "\r\n")
        #expect(try parseMedia(crlf, base: SRS.mediaURL) == parseMedia(SRS.media, base: SRS.mediaURL))
    }

    @Test func byteOrderMarkIsAccepted() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(SRS.media.utf8)
        let playlist = try PlaylistParser().parse(bytes, baseURL: nil)
        #expect(playlist.media?.segments.count == 3)
    }

    @Test func bytesAndTextAgree() throws {
        let fromText = try parse(SRS.media, base: SRS.mediaURL)
        let fromBytes = try PlaylistParser().parse(Array(SRS.media.utf8), baseURL: SRS.mediaURL)
        let fromData = try PlaylistParser().parse(Data(SRS.media.utf8), baseURL: SRS.mediaURL)
        #expect(fromText == fromBytes)
        #expect(fromText == fromData)
    }

    @Test func jsonRoundTrip() throws {
        for playlist in [try parse(SRS.media, base: SRS.mediaURL), try parse(SRS.master, base: SRS.masterURL),
                         try parse(LLHLS.media, base: LLHLS.url)] {
            let data = try JSONEncoder().encode(playlist)
            #expect(try JSONDecoder().decode(Playlist.self, from: data) == playlist)
        }
        let json = String(decoding: try JSONEncoder().encode(try parse(SRS.master)), as: UTF8.self)
        #expect(json.contains(#""kind":"master""#))
    }
}
