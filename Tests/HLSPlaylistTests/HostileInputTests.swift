import Foundation
import Testing

@testable import HLSPlaylist

/// Input a server (or an attacker) might send. Every case must end in a playlist or a
/// PlaylistError: never a trap, never a hang.
@Suite("Hostile input")
struct HostileInputTests {
    @Test func emptyInput() throws {
        let error = try #require(parseError(""))
        #expect(error.code == .missingHeader)
        #expect(error.line == nil)
    }

    @Test func onlyByteOrderMark() throws {
        let error = try #require(parseError(bytes: [0xEF, 0xBB, 0xBF]))
        #expect(error.code == .missingHeader)
    }

    @Test(arguments: [("a.ts\n", 1), ("\n\n#EXTINF:1,\na.ts\n", 3), ("#EXTM3U8\n", 1), ("#extm3u\n", 1)])
    func noHeader(_ text: String, _ line: Int) throws {
        let error = try #require(parseError(text))
        #expect(error.code == .missingHeader)
        #expect(error.line == line)
    }

    @Test(arguments: [1 as UInt64, 2, 3, 4, 5])
    func binaryGarbage(_ seed: UInt64) throws {
        var random = SeededRandom(seed: seed)
        var bytes = (0..<65_536).map { _ in UInt8.random(in: 0...255, using: &random) }
        _ = parseError(bytes: bytes)
        // The same garbage behind a valid header reaches the tag and URI code paths.
        bytes = Array("#EXTM3U\n#EXT-X-TARGETDURATION:3\n".utf8) + bytes
        _ = parseError(bytes: bytes)
    }

    @Test func oneMegabyteLine() throws {
        let text = "#EXTM3U\n#EXT-X-VERSION:3\n#EXTINF:1," + String(repeating: "x", count: 1 << 20) + "\na.ts\n"
        let error = try #require(parseError(text))
        #expect(error.code == .lineTooLong)
        #expect(error.line == 3)
    }

    @Test func inputOverTheByteLimit() throws {
        let limits = PlaylistParser.Limits(maxBytes: 100)
        let error = try #require(parseError(SRS.media, limits: limits))
        #expect(error.code == .tooLarge)
        #expect(error.line == nil)
        let textError = #expect(throws: PlaylistError.self) {
            try PlaylistParser(limits: limits).parse(SRS.media, baseURL: nil)
        }
        #expect(textError?.code == .tooLarge)
    }

    @Test func segmentLimit() throws {
        let limits = PlaylistParser.Limits(maxSegments: 2)
        let error = try #require(parseError(SRS.media, limits: limits))
        #expect(error.code == .tooManySegments)
        #expect(error.line == 11)
    }

    @Test func hundredThousandLinesParseQuickly() throws {
        var text = "#EXTM3U\n#EXT-X-TARGETDURATION:2\n"
        for index in 0..<50_000 {
            text += "#EXTINF:2.000,\nsegment-\(index).ts?token=abcdef\n"
        }
        let clock = ContinuousClock()
        var media: MediaPlaylist?
        let elapsed = try clock.measure {
            media = try parseMedia(text, base: SRS.mediaURL)
        }
        #expect(media?.segments.count == 50_000)
        #expect(media?.segments.last?.sequenceNumber == 49_999)
        // Generous: this is a debug build on a shared machine; release takes a few ms.
        #expect(elapsed < .seconds(10))
    }

    @Test func deeplyRepeatedTags() throws {
        let discontinuities = "#EXTM3U\n" + String(repeating: "#EXT-X-DISCONTINUITY\n", count: 100_000) + "#EXTINF:1,\na.ts\n"
        #expect(try parseMedia(discontinuities).segments.first?.discontinuity == true)

        let unknown = "#EXTM3U\n" + String(repeating: "#EXT-X-CUSTOM:1\n", count: 100_000)
        #expect(try parse(unknown).unknownTags.count == 100_000)

        let ranges = "#EXTM3U\n" + (0..<10_000).map { "#EXT-X-DATERANGE:ID=\"r\($0)\",START-DATE=\"2024-01-01T00:00:00Z\"\n" }.joined()
            + "#EXTINF:1,\na.ts\n"
        #expect(try parseMedia(ranges).segments.first?.dateRanges.count == 10_000)

        let versions = "#EXTM3U\n" + String(repeating: "#EXT-X-VERSION:3\n", count: 1_000)
        #expect(parseError(versions)?.code == .duplicateTag)
    }

    @Test func manyKeyFormatsAreBounded() throws {
        let keys = (0..<50_000).map { "#EXT-X-KEY:METHOD=SAMPLE-AES,URI=\"k\",KEYFORMAT=\"f\($0)\"\n#EXTINF:1,\ns\($0).ts\n" }
        let error = try #require(parseError("#EXTM3U\n" + keys.joined()))
        #expect(error.code == .tooManyKeys)
        #expect(error.line == 2 + 3 * 16)
    }

    @Test func extinfWithoutURIAtEndOfFile() throws {
        let error = try #require(parseError("#EXTM3U\n#EXTINF:1,\na.ts\n#EXTINF:2,\n"))
        #expect(error.code == .missingURI)
        #expect(error.line == 4)
    }

    @Test func twoExtinfsInARow() throws {
        let error = try #require(parseError("#EXTM3U\n#EXTINF:1,\n#EXTINF:2,\na.ts\n"))
        #expect(error.code == .missingURI)
        #expect(error.line == 2)
    }

    @Test func uriWithoutExtinf() throws {
        let error = try #require(parseError("#EXTM3U\n#EXT-X-TARGETDURATION:3\na.ts\n"))
        #expect(error.code == .unexpectedURI)
        #expect(error.line == 3)
    }

    @Test func nulBytes() throws {
        let inURI = try #require(parseError(bytes: Array("#EXTM3U\n#EXTINF:1,\na\0.ts\n".utf8)))
        #expect(inURI.code == .invalidEncoding && inURI.line == 3)
        let inNumber = try #require(parseError(bytes: Array("#EXTM3U\n#EXT-X-VERSION:3\0\n".utf8)))
        #expect(inNumber.code == .invalidNumber && inNumber.line == 2)
        let inQuoted = try #require(parseError(bytes: Array("#EXTM3U\n#EXT-X-MAP:URI=\"a\0\"\n".utf8)))
        #expect(inQuoted.code == .invalidEncoding)
        _ = parseError(bytes: [UInt8](repeating: 0, count: 10_000))
    }

    @Test func invalidUTF8() throws {
        let header = Array("#EXTM3U\n#EXTINF:1,".utf8)
        let inTitle = try #require(parseError(bytes: header + [0xC3, 0x28] + Array("\na.ts\n".utf8)))
        #expect(inTitle.code == .invalidEncoding && inTitle.line == 2)
        let inURI = try #require(parseError(bytes: header + Array("\na".utf8) + [0xFF, 0xFE] + Array(".ts\n".utf8)))
        #expect(inURI.code == .invalidEncoding && inURI.line == 3)
        let truncated = try #require(parseError(bytes: header + Array("\na".utf8) + [0xE2, 0x82]))
        #expect(truncated.code == .invalidEncoding)
        // Unknown tags are ignored, so their bytes are kept lossily rather than failing.
        let unknown = try PlaylistParser().parse(Array("#EXTM3U\n#EXT-X-ODD:".utf8) + [0xFF], baseURL: nil)
        #expect(unknown.unknownTags.first?.value == "\u{FFFD}")
        let valid = try parseMedia("#EXTM3U\n#EXTINF:1,日本語\nセグメント.ts\n")
        #expect(valid.segments.first?.title == "日本語")
        #expect(valid.segments.first?.uri == "セグメント.ts")
    }

    @Test(arguments: ["-1", "99999999999999999999999", "NaN", "inf", "-inf", "1e5", "0x1F", " ", "1 2"])
    func hostileNumbers(_ number: String) throws {
        var templates = ["#EXT-X-TARGETDURATION:\(number)", "#EXT-X-MEDIA-SEQUENCE:\(number)",
                         "#EXT-X-STREAM-INF:BANDWIDTH=\(number)"]
        // 1e23 is a perfectly finite decimal-floating-point.
        if number != "99999999999999999999999" {
            templates += ["#EXTINF:\(number),", "#EXT-X-PART-INF:PART-TARGET=\(number)"]
        }
        for template in templates {
            let error = parseError("#EXTM3U\n\(template)\na.ts\n")
            #expect(error?.line == 2, "\(template): \(String(describing: error))")
        }
    }

    @Test func lineEndingsAndWhitespace() throws {
        let media = try parseMedia("#EXTM3U\r\n\r\n  #EXT-X-TARGETDURATION:3  \r\n#EXTINF:1,\r\n  a.ts  \r\n#EXTINF:1,\nb.ts")
        #expect(media.segments.map(\.uri) == ["a.ts", "b.ts"])
        #expect(media.targetDuration == 3)
    }
}
