import Foundation
import Testing

@testable import HLSPlaylist

/// The exact playlists SRS 7 serves (see /work/shared/srs-protocol/hls-sample/).
enum SRS {
    static let master = """
        #EXTM3U
        #EXT-X-STREAM-INF:BANDWIDTH=1,AVERAGE-BANDWIDTH=1
        /live/sample.m3u8?hls_ctx=59f0y929

        """

    static let media = """
        #EXTM3U
        #EXT-X-VERSION:3
        #EXT-X-MEDIA-SEQUENCE:0
        #EXT-X-TARGETDURATION:3
        #EXT-X-DISCONTINUITY
        #EXTINF:2.023, no desc
        sample-0.ts?hls_ctx=59f0y929
        #EXTINF:2.000, no desc
        sample-1.ts?hls_ctx=59f0y929
        #EXTINF:2.000, no desc
        sample-2.ts?hls_ctx=59f0y929

        """

    static let masterURL = URL(string: "http://127.0.0.1:8080/live/sample.m3u8")!
    static let mediaURL = URL(string: "http://127.0.0.1:8080/live/sample.m3u8?hls_ctx=59f0y929")!
}

/// A Low-Latency HLS playlist in the style of RFC 8216bis appendix examples.
enum LLHLS {
    static let url = URL(string: "https://example.com/2M/live.m3u8")!
    static let media = """
        #EXTM3U
        #EXT-X-TARGETDURATION:4
        #EXT-X-VERSION:9
        #EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=1.0,CAN-SKIP-UNTIL=24.0
        #EXT-X-PART-INF:PART-TARGET=0.33334
        #EXT-X-MEDIA-SEQUENCE:266
        #EXT-X-SKIP:SKIPPED-SEGMENTS=3
        #EXT-X-MAP:URI="init.mp4"
        #EXT-X-PROGRAM-DATE-TIME:2019-02-14T02:13:36.106Z
        #EXTINF:4.00008,
        fileSequence269.mp4
        #EXTINF:4.00008,
        fileSequence270.mp4
        #EXT-X-PART:DURATION=0.33334,URI="filePart271.0.mp4"
        #EXT-X-PART:DURATION=0.33334,URI="filePart271.1.mp4"
        #EXT-X-PART:DURATION=0.33334,URI="filePart271.2.mp4",INDEPENDENT=YES
        #EXTINF:1.00002,
        fileSequence271.mp4
        #EXT-X-PART:DURATION=0.33334,URI="filePart272.a.mp4"
        #EXT-X-PART:DURATION=0.33334,URI="filePart272.b.mp4",INDEPENDENT=YES,BYTERANGE="1000@0"
        #EXT-X-PRELOAD-HINT:TYPE=PART,URI="filePart272.c.mp4"
        #EXT-X-RENDITION-REPORT:URI="../1M/waitForMSN.php",LAST-MSN=272,LAST-PART=1
        #EXT-X-RENDITION-REPORT:URI="../4M/waitForMSN.php",LAST-MSN=272,LAST-PART=1

        """
}

struct UnexpectedKind: Error {}

func parse(_ text: String, base: URL? = nil) throws(PlaylistError) -> Playlist {
    try PlaylistParser().parse(text, baseURL: base)
}

func parseMedia(_ text: String, base: URL? = nil) throws -> MediaPlaylist {
    guard case .media(let media) = try parse(text, base: base) else { throw UnexpectedKind() }
    return media
}

func parseMaster(_ text: String, base: URL? = nil) throws -> MasterPlaylist {
    guard case .master(let master) = try parse(text, base: base) else { throw UnexpectedKind() }
    return master
}

/// The error parsing `text` fails with, or nil when it parses.
func parseError(
    _ text: String, limits: PlaylistParser.Limits = .default
) -> PlaylistError? {
    parseError(bytes: Array(text.utf8), limits: limits)
}

func parseError(bytes: [UInt8], limits: PlaylistParser.Limits = .default) -> PlaylistError? {
    do {
        _ = try PlaylistParser(limits: limits).parse(bytes, baseURL: nil)
        return nil
    } catch {
        return error
    }
}

/// SplitMix64: a tiny seeded generator so random tests repeat exactly.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
