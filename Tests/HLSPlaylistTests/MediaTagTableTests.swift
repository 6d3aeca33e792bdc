import Foundation
import Testing

@testable import HLSPlaylist

/// Every media playlist tag with valid and invalid values. Each case is line 2 of
/// `#EXTM3U / <case> / #EXTINF:5, / a.ts`, so errors must name line 2.
@Suite("Media playlist tags")
struct MediaTagTableTests {
    static func playlist(_ tagLine: String) -> String {
        "#EXTM3U\n\(tagLine)\n#EXTINF:5,\na.ts\n"
    }

    static let valid: [String] = [
        "#EXT-X-VERSION:3",
        "#EXT-X-TARGETDURATION:10",
        "#EXT-X-MEDIA-SEQUENCE:42",
        "#EXT-X-DISCONTINUITY-SEQUENCE:3",
        "#EXT-X-PLAYLIST-TYPE:VOD",
        "#EXT-X-PLAYLIST-TYPE:EVENT",
        "#EXT-X-ENDLIST",
        "#EXT-X-ENDLIST:ignored",
        "#EXT-X-I-FRAMES-ONLY",
        "#EXT-X-INDEPENDENT-SEGMENTS",
        "#EXT-X-DISCONTINUITY",
        "#EXT-X-GAP",
        "#EXT-X-BYTERANGE:1000@0",
        "#EXT-X-BYTERANGE:1000",
        "#EXT-X-KEY:METHOD=NONE",
        "#EXT-X-KEY:METHOD=AES-128,URI=\"k.key\",IV=0x0123456789ABCDEF0123456789ABCDEF",
        "#EXT-X-KEY:METHOD=SAMPLE-AES,URI=\"skd://x\",KEYFORMAT=\"com.apple.streamingkeydelivery\",KEYFORMATVERSIONS=\"1\"",
        "#EXT-X-MAP:URI=\"init.mp4\"",
        "#EXT-X-MAP:URI=\"init.mp4\",BYTERANGE=\"720@0\"",
        "#EXT-X-PROGRAM-DATE-TIME:2024-01-02T03:04:05.678Z",
        "#EXT-X-PROGRAM-DATE-TIME:2024-01-02T03:04:05+08:00",
        "#EXT-X-PROGRAM-DATE-TIME:2024-02-29T23:59:60.5-0130",
        "#EXT-X-DATERANGE:ID=\"ad1\",START-DATE=\"2024-01-02T03:04:05Z\",DURATION=30.0,X-COM-EXAMPLE=\"v\",SCTE35-OUT=0xFC30",
        "#EXT-X-DATERANGE:ID=\"ad2\",CLASS=\"com.example\",START-DATE=\"2024-01-02T03:04:05Z\",END-ON-NEXT=YES",
        "#EXT-X-BITRATE:1500",
        "#EXT-X-START:TIME-OFFSET=-10.5,PRECISE=YES",
        "#EXT-X-DEFINE:NAME=\"a\",VALUE=\"b\"",
        "#EXT-X-DEFINE:QUERYPARAM=\"token\"",
        "#EXT-X-DEFINE:IMPORT=\"base\"",
        "#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=1.0,HOLD-BACK=12,CAN-SKIP-UNTIL=36,CAN-SKIP-DATERANGES=YES",
        "#EXT-X-PART-INF:PART-TARGET=0.33334",
        "#EXT-X-PART:DURATION=0.33,URI=\"p.mp4\",INDEPENDENT=YES,GAP=YES",
        "#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"p2.mp4\",BYTERANGE-START=0,BYTERANGE-LENGTH=100",
        "#EXT-X-PRELOAD-HINT:TYPE=MAP,URI=\"init2.mp4\"",
        "#EXT-X-RENDITION-REPORT:URI=\"../1M/x.m3u8\",LAST-MSN=10,LAST-PART=2",
        "#EXT-X-SKIP:SKIPPED-SEGMENTS=10,RECENTLY-REMOVED-DATERANGES=\"a\tb\"",
        "#EXT-X-SOMETHING-NEW:whatever,\"it\"=is",
        "#EXT-X-NO-VALUE",
        "# a comment",
        "#EXTM3U",
        "",
        "   ",
    ]

    @Test(arguments: valid)
    func validTagParses(_ tagLine: String) throws {
        let media = try parseMedia(Self.playlist(tagLine))
        #expect(media.segments.count == 1)
    }

    static let invalid: [(String, PlaylistError.Code)] = [
        ("#EXT-X-VERSION:", .invalidTag),
        ("#EXT-X-VERSION", .invalidTag),
        ("#EXT-X-VERSION:three", .invalidNumber),
        ("#EXT-X-TARGETDURATION:-1", .invalidNumber),
        ("#EXT-X-TARGETDURATION:99999999999999999999999", .invalidNumber),
        ("#EXT-X-TARGETDURATION:10.5", .invalidNumber),
        ("#EXT-X-MEDIA-SEQUENCE:NaN", .invalidNumber),
        ("#EXT-X-MEDIA-SEQUENCE:inf", .invalidNumber),
        ("#EXT-X-DISCONTINUITY-SEQUENCE:0x10", .invalidNumber),
        ("#EXT-X-PLAYLIST-TYPE:LIVE", .invalidTag),
        ("#EXT-X-BYTERANGE:abc", .invalidNumber),
        ("#EXT-X-BYTERANGE:10@", .invalidNumber),
        ("#EXT-X-BYTERANGE:@10", .invalidNumber),
        ("#EXT-X-KEY:URI=\"k\"", .missingAttribute),
        ("#EXT-X-KEY:METHOD=AES-128", .missingAttribute),
        ("#EXT-X-KEY:METHOD=AES-256,URI=\"k\"", .invalidAttribute),
        ("#EXT-X-KEY:METHOD=AES-128,URI=k", .invalidAttribute),
        ("#EXT-X-KEY:METHOD=AES-128,URI=\"k\",IV=0xZZ", .invalidAttribute),
        ("#EXT-X-KEY:METHOD=AES-128,URI=\"k\",IV=1234", .invalidAttribute),
        ("#EXT-X-KEY:METHOD=\"AES-128\",URI=\"k\"", .invalidAttribute),
        ("#EXT-X-KEY:", .invalidTag),
        ("#EXT-X-MAP:BYTERANGE=\"1@0\"", .missingAttribute),
        ("#EXT-X-MAP:URI=\"i.mp4\",BYTERANGE=\"x\"", .invalidNumber),
        ("#EXT-X-MAP:URI=\"i.mp4\",BYTERANGE=10", .invalidAttribute),
        ("#EXT-X-PROGRAM-DATE-TIME:yesterday", .invalidDate),
        ("#EXT-X-PROGRAM-DATE-TIME:2024-13-01T00:00:00Z", .invalidDate),
        ("#EXT-X-PROGRAM-DATE-TIME:2023-02-29T00:00:00Z", .invalidDate),
        ("#EXT-X-PROGRAM-DATE-TIME:2024-01-01T24:00:00Z", .invalidDate),
        ("#EXT-X-PROGRAM-DATE-TIME:2024-01-01T00:00:00+25:00", .invalidDate),
        ("#EXT-X-PROGRAM-DATE-TIME:2024-01-01T00:00:00Zjunk", .invalidDate),
        ("#EXT-X-DATERANGE:START-DATE=\"2024-01-02T03:04:05Z\"", .missingAttribute),
        ("#EXT-X-DATERANGE:ID=\"a\",START-DATE=\"soon\"", .invalidDate),
        ("#EXT-X-DATERANGE:ID=\"a\",END-ON-NEXT=NO", .invalidAttribute),
        ("#EXT-X-DATERANGE:ID=\"a\",DURATION=-1", .invalidNumber),
        ("#EXT-X-BITRATE:fast", .invalidNumber),
        ("#EXT-X-START:PRECISE=YES", .missingAttribute),
        ("#EXT-X-START:TIME-OFFSET=inf", .invalidNumber),
        ("#EXT-X-START:TIME-OFFSET=--1", .invalidNumber),
        ("#EXT-X-START:TIME-OFFSET=1,PRECISE=MAYBE", .invalidAttribute),
        ("#EXT-X-DEFINE:NAME=\"a\"", .missingAttribute),
        ("#EXT-X-DEFINE:NAME=\"a\",IMPORT=\"b\"", .invalidAttribute),
        ("#EXT-X-DEFINE:VALUE=\"b\"", .invalidAttribute),
        ("#EXT-X-SERVER-CONTROL:HOLD-BACK=-3", .invalidNumber),
        ("#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=TRUE", .invalidAttribute),
        ("#EXT-X-PART-INF:", .invalidTag),
        ("#EXT-X-PART-INF:PART-TARGET=1e400", .invalidNumber),
        ("#EXT-X-PART-INF:PART-TARGET=", .invalidAttribute),
        ("#EXT-X-PART:URI=\"p.mp4\"", .missingAttribute),
        ("#EXT-X-PART:DURATION=0.3", .missingAttribute),
        ("#EXT-X-PART:DURATION=0.3,URI=\"p.mp4\",INDEPENDENT=NO!", .invalidAttribute),
        ("#EXT-X-PRELOAD-HINT:TYPE=SEGMENT,URI=\"x\"", .invalidAttribute),
        ("#EXT-X-PRELOAD-HINT:URI=\"x\"", .missingAttribute),
        ("#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"x\",BYTERANGE-START=-1", .invalidNumber),
        ("#EXT-X-RENDITION-REPORT:LAST-MSN=1", .missingAttribute),
        ("#EXT-X-SKIP:SKIPPED-SEGMENTS=-1", .invalidNumber),
        ("#EXT-X-SKIP:RECENTLY-REMOVED-DATERANGES=\"a\"", .missingAttribute),
    ]

    @Test(arguments: invalid)
    func invalidTagFailsOnItsLine(_ tagLine: String, _ code: PlaylistError.Code) throws {
        let error = try #require(parseError(Self.playlist(tagLine)))
        #expect(error.code == code, "\(error)")
        #expect(error.line == 2, "\(error)")
    }

    @Test func typedValuesLandInTheModel() throws {
        let media = try parseMedia("""
            #EXTM3U
            #EXT-X-VERSION:7
            #EXT-X-TARGETDURATION:6
            #EXT-X-MEDIA-SEQUENCE:100
            #EXT-X-DISCONTINUITY-SEQUENCE:7
            #EXT-X-PLAYLIST-TYPE:EVENT
            #EXT-X-INDEPENDENT-SEGMENTS
            #EXT-X-START:TIME-OFFSET=-12.5,PRECISE=YES
            #EXT-X-DEFINE:NAME="host",VALUE="cdn"
            #EXT-X-KEY:METHOD=AES-128,URI="../keys/k1.key?t=1",IV=0X000102030405060708090a0b0c0d0e0f
            #EXT-X-MAP:URI="init.mp4",BYTERANGE="720@0"
            #EXT-X-BITRATE:2500
            #EXT-X-PROGRAM-DATE-TIME:2024-01-02T03:04:05.250+01:00
            #EXT-X-DATERANGE:ID="ad",START-DATE="2024-01-02T02:04:05Z",PLANNED-DURATION=15,X-AD-ID="42",X-COUNT=3
            #EXTINF:6.0,
            #EXT-X-BYTERANGE:1000@720
            main.mp4
            #EXT-X-DISCONTINUITY
            #EXT-X-GAP
            #EXT-X-KEY:METHOD=NONE
            #EXTINF:5.5,
            #EXT-X-BYTERANGE:500
            main.mp4
            #EXT-X-ENDLIST
            """, base: URL(string: "https://cdn.example.com/video/a/index.m3u8")!)
        #expect(media.version == 7)
        #expect(media.targetDuration == 6)
        #expect(media.playlistType == .event)
        #expect(media.hasEndList)
        #expect(media.independentSegments)
        #expect(media.start == StartPoint(timeOffset: -12.5, precise: true, line: 8))
        #expect(media.defines == [VariableDefinition(kind: .value, name: "host", value: "cdn", line: 9)])
        #expect(media.segments.map(\.sequenceNumber) == [100, 101])
        #expect(media.segments.map(\.discontinuitySequence) == [7, 8])
        let first = media.segments[0]
        let key = try #require(first.key)
        #expect(key.method == .aes128)
        #expect(key.url?.absoluteString == "https://cdn.example.com/video/keys/k1.key?t=1")
        #expect(key.iv?.bytes == Array(0...15))
        #expect(key.iv?.description == "0x000102030405060708090A0B0C0D0E0F")
        #expect(first.map?.byteRange == ByteRange(length: 720, offset: 0))
        #expect(first.map?.resolvedURI == "https://cdn.example.com/video/a/init.mp4")
        #expect(first.bitrate == 2500)
        #expect(first.byteRange == ByteRange(length: 1000, offset: 720))
        #expect(first.programDateTime?.timeIntervalSince1970 == 1_704_161_045.25)
        let range = try #require(first.dateRanges.first)
        #expect(range.startDate?.timeIntervalSince1970 == 1_704_161_045)
        #expect(range.plannedDuration == 15)
        #expect(range.clientAttributes == ["X-AD-ID": "42", "X-COUNT": "3"])
        let second = media.segments[1]
        #expect(second.keys.isEmpty)
        #expect(second.discontinuity && second.gap)
        #expect(second.byteRange == ByteRange(length: 500, offset: nil))
        #expect(second.programDateTime == nil)
        #expect(second.bitrate == 2500)
        #expect(second.map == first.map)
    }

    @Test func keysAccumulatePerKeyFormat() throws {
        let media = try parseMedia("""
            #EXTM3U
            #EXT-X-TARGETDURATION:6
            #EXT-X-KEY:METHOD=SAMPLE-AES,URI="skd://a",KEYFORMAT="com.apple.streamingkeydelivery"
            #EXT-X-KEY:METHOD=SAMPLE-AES,URI="data:text/plain;base64,AAAA",KEYFORMAT="urn:uuid:edef8ba9-79d6-4ace-a3c8-27dcd51d21ed"
            #EXTINF:6,
            a.ts
            #EXT-X-KEY:METHOD=SAMPLE-AES,URI="skd://b",KEYFORMAT="com.apple.streamingkeydelivery"
            #EXTINF:6,
            b.ts
            """)
        #expect(media.segments[0].keys.map(\.uri) == ["skd://a", "data:text/plain;base64,AAAA"])
        #expect(media.segments[1].keys.map(\.uri) == ["skd://b", "data:text/plain;base64,AAAA"])
        // Absolute URIs resolve to themselves even without a base URL.
        #expect(media.segments[0].key?.resolvedURI == "skd://a")
    }

    @Test func repeatedOnceOnlyTagIsAnError() throws {
        let error = try #require(parseError("#EXTM3U\n#EXT-X-TARGETDURATION:3\n#EXT-X-TARGETDURATION:4\n"))
        #expect(error.code == .duplicateTag)
        #expect(error.line == 3)
    }

    @Test(arguments: ["#EXT-X-MEDIA-SEQUENCE:5", "#EXT-X-DISCONTINUITY-SEQUENCE:5", "#EXT-X-SKIP:SKIPPED-SEGMENTS=1"])
    func sequenceTagsAfterASegmentAreMisplaced(_ tagLine: String) throws {
        let error = try #require(parseError("#EXTM3U\n#EXTINF:1,\na.ts\n\(tagLine)\n#EXTINF:1,\nb.ts\n"))
        #expect(error.code == .misplacedTag)
        #expect(error.line == 4)
    }
}
