import Foundation
import Testing

@testable import HLSPlaylist

/// Seeded mutation fuzzing: valid playlists with bytes deleted, duplicated, flipped and
/// spliced. Parsing must never trap; whatever parses must also validate and encode.
@Suite("Mutation fuzzing")
struct FuzzTests {
    static let corpus: [String] = [
        SRS.media, SRS.master, LLHLS.media,
        """
        #EXTM3U
        #EXT-X-VERSION:7
        #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aac",NAME="en",DEFAULT=YES,URI="a.m3u8"
        #EXT-X-STREAM-INF:BANDWIDTH=1280000,CODECS="avc1.4d401f,mp4a.40.2",RESOLUTION=1280x720,AUDIO="aac"
        v.m3u8
        #EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=1,URI="i.m3u8"
        """,
        """
        #EXTM3U
        #EXT-X-TARGETDURATION:6
        #EXT-X-KEY:METHOD=AES-128,URI="k.key",IV=0x0123456789ABCDEF0123456789ABCDEF
        #EXT-X-MAP:URI="init.mp4",BYTERANGE="720@0"
        #EXT-X-PROGRAM-DATE-TIME:2024-01-02T03:04:05.678Z
        #EXT-X-DATERANGE:ID="a",START-DATE="2024-01-02T03:04:05Z",END-DATE="2024-01-02T03:05:05Z"
        #EXTINF:6.0,title
        #EXT-X-BYTERANGE:1000@720
        main.mp4
        #EXT-X-ENDLIST
        """,
    ]

    @Test(arguments: 0..<corpus.count)
    func mutatedPlaylistsNeverCrash(_ index: Int) throws {
        var random = SeededRandom(seed: UInt64(index) &+ 0xC0FFEE)
        let original = Array(Self.corpus[index].utf8)
        let parser = PlaylistParser()
        var parsed = 0
        for _ in 0..<1_000 {
            var bytes = original
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                mutate(&bytes, using: &random)
            }
            do {
                let playlist = try parser.parse(bytes, baseURL: SRS.mediaURL)
                _ = PlaylistValidator.validate(playlist)
                _ = try JSONEncoder().encode(playlist)
                parsed += 1
            } catch let error as PlaylistError {
                #expect(!error.message.isEmpty)
            }
        }
        // Some mutations must survive, or the fuzzer exercises nothing past the header.
        #expect(parsed > 0)
    }

    private func mutate(_ bytes: inout [UInt8], using random: inout SeededRandom) {
        guard !bytes.isEmpty else {
            bytes.append(UInt8.random(in: 0...255, using: &random))
            return
        }
        let position = Int.random(in: 0..<bytes.count, using: &random)
        let interesting: [UInt8] = Array(",=\"\n\r#:x@.-0".utf8) + [0, 0xFF, 0xC3]
        switch Int.random(in: 0..<6, using: &random) {
        case 0: bytes.remove(at: position)
        case 1: bytes.insert(bytes[position], at: position)
        case 2: bytes[position] ^= UInt8(1) << UInt8.random(in: 0..<8, using: &random)
        case 3: bytes[position] = interesting.randomElement(using: &random) ?? 0
        case 4:
            let end = min(bytes.count, position + Int.random(in: 1...40, using: &random))
            bytes.insert(contentsOf: bytes[position..<end], at: position)
        default:
            let end = min(bytes.count, position + Int.random(in: 1...40, using: &random))
            bytes.removeSubrange(position..<end)
        }
    }
}
