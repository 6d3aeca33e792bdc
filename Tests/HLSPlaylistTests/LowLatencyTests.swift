import Foundation
import Testing

@testable import HLSPlaylist

@Suite("Low-Latency HLS")
struct LowLatencyTests {
    @Test func llhlsPlaylistParses() throws {
        let media = try parseMedia(LLHLS.media, base: LLHLS.url)
        #expect(media.version == 9)
        let control = try #require(media.serverControl)
        #expect(control.canBlockReload && !control.canSkipDateRanges)
        #expect(control.partHoldBack == 1.0)
        #expect(control.canSkipUntil == 24.0)
        #expect(control.holdBack == nil)
        #expect(media.partInf?.partTarget == 0.33334)
        #expect(media.skip?.skippedSegments == 3)
        #expect(media.segments.map(\.sequenceNumber) == [269, 270, 271])
        #expect(media.segments.map(\.uri) == ["fileSequence269.mp4", "fileSequence270.mp4", "fileSequence271.mp4"])
        #expect(media.segments[0].programDateTime == Date(timeIntervalSince1970: 1_550_110_416.106))
        #expect(media.segments.allSatisfy { $0.map?.uri == "init.mp4" })
        #expect(media.segments[2].parts.map(\.uri) == ["filePart271.0.mp4", "filePart271.1.mp4", "filePart271.2.mp4"])
        #expect(media.segments[2].parts.map(\.independent) == [false, false, true])
        #expect(media.segments[2].parts[0].url?.absoluteString == "https://example.com/2M/filePart271.0.mp4")
        #expect(media.trailingParts.map(\.uri) == ["filePart272.a.mp4", "filePart272.b.mp4"])
        #expect(media.trailingParts[1].byteRange == ByteRange(length: 1000, offset: 0))
        let hint = try #require(media.preloadHints.first)
        #expect(hint.type == .part && hint.uri == "filePart272.c.mp4")
        #expect(media.renditionReports.map(\.resolvedURI) == [
            "https://example.com/1M/waitForMSN.php", "https://example.com/4M/waitForMSN.php",
        ])
        #expect(media.renditionReports.map(\.lastMediaSequence) == [272, 272])
        #expect(media.renditionReports.map(\.lastPart) == [1, 1])
        #expect(media.nextSequenceNumber == 272)
        #expect(PlaylistValidator.validate(.media(media)) == [])
    }

    @Test func skipWithRemovedDateRanges() throws {
        let media = try parseMedia("""
            #EXTM3U
            #EXT-X-TARGETDURATION:4
            #EXT-X-VERSION:10
            #EXT-X-MEDIA-SEQUENCE:10
            #EXT-X-SKIP:SKIPPED-SEGMENTS=5,RECENTLY-REMOVED-DATERANGES="ad1\tad2"
            #EXTINF:4,
            s15.ts
            """)
        #expect(media.skip?.recentlyRemovedDateRanges == ["ad1", "ad2"])
        #expect(media.segments.first?.sequenceNumber == 15)
    }

    @Test func emptyPlaylistNextSequenceCountsSkip() throws {
        let media = try parseMedia("#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXT-X-MEDIA-SEQUENCE:7\n#EXT-X-SKIP:SKIPPED-SEGMENTS=2\n")
        #expect(media.nextSequenceNumber == 9)
    }

    @Test func sequenceNumberOverflowIsAnError() throws {
        let error = try #require(parseError("""
            #EXTM3U
            #EXT-X-MEDIA-SEQUENCE:9223372036854775807
            #EXT-X-SKIP:SKIPPED-SEGMENTS=1
            #EXTINF:1,
            a.ts
            """))
        #expect(error.code == .invalidNumber)
        #expect(error.line == 5)
    }
}
