import Foundation
import Testing

@testable import HLSPlaylist

/// Master playlist tags. Each case is line 2 of
/// `#EXTM3U / <case> / #EXT-X-STREAM-INF:BANDWIDTH=1 / v.m3u8`.
@Suite("Master playlist tags")
struct MasterTagTableTests {
    static func playlist(_ tagLine: String) -> String {
        "#EXTM3U\n\(tagLine)\n#EXT-X-STREAM-INF:BANDWIDTH=1\nv.m3u8\n"
    }

    static let valid: [String] = [
        "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"aac\",NAME=\"English\",LANGUAGE=\"en\",DEFAULT=YES,AUTOSELECT=YES,URI=\"a.m3u8\"",
        "#EXT-X-MEDIA:TYPE=CLOSED-CAPTIONS,GROUP-ID=\"cc\",NAME=\"CC1\",INSTREAM-ID=\"CC1\"",
        "#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID=\"subs\",NAME=\"Deutsch\",LANGUAGE=\"de\",FORCED=NO,URI=\"s.m3u8\",CHARACTERISTICS=\"public.accessibility\"",
        "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"ac3\",NAME=\"5.1\",CHANNELS=\"6\",BIT-DEPTH=24,SAMPLE-RATE=48000",
        "#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=86000,URI=\"iframe.m3u8\",CODECS=\"avc1.4d001f\",RESOLUTION=640x360",
        "#EXT-X-SESSION-DATA:DATA-ID=\"com.example.title\",VALUE=\"Title\",LANGUAGE=\"en\"",
        "#EXT-X-SESSION-DATA:DATA-ID=\"com.example.json\",URI=\"data.json\",FORMAT=JSON",
        "#EXT-X-SESSION-KEY:METHOD=AES-128,URI=\"k.key\"",
        "#EXT-X-CONTENT-STEERING:SERVER-URI=\"/steer\",PATHWAY-ID=\"CDN-A\"",
        "#EXT-X-INDEPENDENT-SEGMENTS",
        "#EXT-X-START:TIME-OFFSET=0",
        "#EXT-X-VERSION:6",
        "#EXT-X-DEFINE:NAME=\"x\",VALUE=\"y\"",
        "#EXT-X-UNKNOWN-MASTER-TAG:1",
    ]

    @Test(arguments: valid)
    func validTagParses(_ tagLine: String) throws {
        let master = try parseMaster(Self.playlist(tagLine))
        #expect(master.variants.count == 1)
    }

    static let invalid: [(String, PlaylistError.Code)] = [
        ("#EXT-X-MEDIA:GROUP-ID=\"a\",NAME=\"n\"", .missingAttribute),
        ("#EXT-X-MEDIA:TYPE=AUDIO,NAME=\"n\"", .missingAttribute),
        ("#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"a\"", .missingAttribute),
        ("#EXT-X-MEDIA:TYPE=DATA,GROUP-ID=\"a\",NAME=\"n\"", .invalidAttribute),
        ("#EXT-X-MEDIA:TYPE=CLOSED-CAPTIONS,GROUP-ID=\"cc\",NAME=\"CC1\"", .missingAttribute),
        ("#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=a,NAME=\"n\"", .invalidAttribute),
        ("#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"a\",NAME=\"n\",DEFAULT=yes", .invalidAttribute),
        ("#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"a\",NAME=\"n\",BIT-DEPTH=1.5", .invalidNumber),
        ("#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=1", .missingAttribute),
        ("#EXT-X-I-FRAME-STREAM-INF:URI=\"i.m3u8\"", .missingAttribute),
        ("#EXT-X-SESSION-DATA:DATA-ID=\"x\"", .invalidAttribute),
        ("#EXT-X-SESSION-DATA:DATA-ID=\"x\",VALUE=\"a\",URI=\"b\"", .invalidAttribute),
        ("#EXT-X-SESSION-DATA:VALUE=\"a\"", .missingAttribute),
        ("#EXT-X-SESSION-KEY:METHOD=AES-128", .missingAttribute),
        ("#EXT-X-CONTENT-STEERING:PATHWAY-ID=\"a\"", .missingAttribute),
        ("#EXT-X-START:TIME-OFFSET=abc", .invalidNumber),
    ]

    @Test(arguments: invalid)
    func invalidTagFailsOnItsLine(_ tagLine: String, _ code: PlaylistError.Code) throws {
        let error = try #require(parseError(Self.playlist(tagLine)))
        #expect(error.code == code, "\(error)")
        #expect(error.line == 2, "\(error)")
    }

    static let streamInfValid: [String] = [
        "#EXT-X-STREAM-INF:BANDWIDTH=1,AVERAGE-BANDWIDTH=1",
        "#EXT-X-STREAM-INF:BANDWIDTH=1280000,AVERAGE-BANDWIDTH=1000000,CODECS=\"avc1.4d401f,mp4a.40.2\",RESOLUTION=1280x720,FRAME-RATE=29.970,HDCP-LEVEL=TYPE-0,VIDEO-RANGE=SDR,AUDIO=\"aac\",CLOSED-CAPTIONS=NONE",
        "#EXT-X-STREAM-INF:PROGRAM-ID=1,BANDWIDTH=1",
        "#EXT-X-STREAM-INF: BANDWIDTH=1, RESOLUTION=2x2,",
        "#EXT-X-STREAM-INF:BANDWIDTH=9223372036854775807",
    ]

    @Test(arguments: streamInfValid)
    func validStreamInf(_ tagLine: String) throws {
        let master = try parseMaster("#EXTM3U\n\(tagLine)\nv.m3u8\n")
        #expect(master.variants.first?.uri == "v.m3u8")
        #expect(master.variants.first?.line == 2)
    }

    static let streamInfInvalid: [(String, PlaylistError.Code)] = [
        ("#EXT-X-STREAM-INF:AVERAGE-BANDWIDTH=1", .missingAttribute),
        ("#EXT-X-STREAM-INF:BANDWIDTH=-5", .invalidNumber),
        ("#EXT-X-STREAM-INF:BANDWIDTH=99999999999999999999999", .invalidNumber),
        ("#EXT-X-STREAM-INF:BANDWIDTH=9223372036854775808", .invalidNumber),
        ("#EXT-X-STREAM-INF:BANDWIDTH=1,RESOLUTION=x720", .invalidNumber),
        ("#EXT-X-STREAM-INF:BANDWIDTH=1,RESOLUTION=1280x", .invalidNumber),
        ("#EXT-X-STREAM-INF:BANDWIDTH=1,RESOLUTION=1280X720", .invalidNumber),
        ("#EXT-X-STREAM-INF:BANDWIDTH=1,RESOLUTION=\"1280x720\"", .invalidAttribute),
        ("#EXT-X-STREAM-INF:BANDWIDTH=1,FRAME-RATE=NaN", .invalidNumber),
        ("#EXT-X-STREAM-INF:BANDWIDTH=1,CODECS=avc1", .invalidAttribute),
        ("#EXT-X-STREAM-INF:BANDWIDTH=1,CLOSED-CAPTIONS=cc1", .invalidAttribute),
        ("#EXT-X-STREAM-INF:BANDWIDTH=\"1\"", .invalidAttribute),
        ("#EXT-X-STREAM-INF:BANDWIDTH=1,BANDWIDTH=2", .invalidAttribute),
        ("#EXT-X-STREAM-INF:", .invalidTag),
    ]

    @Test(arguments: streamInfInvalid)
    func invalidStreamInf(_ tagLine: String, _ code: PlaylistError.Code) throws {
        let error = try #require(parseError("#EXTM3U\n\(tagLine)\nv.m3u8\n"))
        #expect(error.code == code, "\(error)")
        #expect(error.line == 2, "\(error)")
    }

    @Test func fullMasterPlaylist() throws {
        let master = try parseMaster("""
            #EXTM3U
            #EXT-X-VERSION:7
            #EXT-X-INDEPENDENT-SEGMENTS
            #EXT-X-CONTENT-STEERING:SERVER-URI="steering.json",PATHWAY-ID="A"
            #EXT-X-SESSION-DATA:DATA-ID="com.example.title",VALUE="Live"
            #EXT-X-SESSION-KEY:METHOD=SAMPLE-AES,URI="skd://key",KEYFORMAT="com.apple.streamingkeydelivery"
            #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aac",NAME="English",LANGUAGE="en",DEFAULT=YES,AUTOSELECT=YES,URI="audio/en.m3u8"
            #EXT-X-MEDIA:TYPE=CLOSED-CAPTIONS,GROUP-ID="cc",NAME="CC1",INSTREAM-ID="CC1"
            #EXT-X-STREAM-INF:BANDWIDTH=2000000,AVERAGE-BANDWIDTH=1800000,CODECS="avc1.64001f,mp4a.40.2",RESOLUTION=1280x720,FRAME-RATE=30.000,AUDIO="aac",CLOSED-CAPTIONS="cc"
            video/720p.m3u8
            #EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=640x360,AUDIO="aac",CLOSED-CAPTIONS=NONE
            https://other.example.com/360p.m3u8
            #EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=90000,URI="video/720p-iframes.m3u8"
            """, base: URL(string: "https://example.com/live/master.m3u8?token=abc")!)
        #expect(master.version == 7)
        #expect(master.independentSegments)
        #expect(master.contentSteering?.resolvedServerURI == "https://example.com/live/steering.json")
        #expect(master.sessionData.first?.value == "Live")
        #expect(master.sessionKeys.first?.method == .sampleAES)
        #expect(master.renditions.count == 2)
        let audio = master.renditions[0]
        #expect(audio.type == .audio && audio.isDefault && audio.autoselect && !audio.forced)
        #expect(audio.url?.absoluteString == "https://example.com/live/audio/en.m3u8")
        #expect(master.renditions[1].instreamID == "CC1")
        #expect(master.variants.count == 2)
        let hd = master.variants[0]
        #expect(hd.bandwidth == 2_000_000 && hd.averageBandwidth == 1_800_000)
        #expect(hd.codecList == ["avc1.64001f", "mp4a.40.2"])
        #expect(hd.resolution == Resolution(width: 1280, height: 720))
        #expect(hd.resolution?.description == "1280x720")
        #expect(hd.frameRate == 30)
        #expect(hd.audio == "aac" && hd.closedCaptions == "cc" && !hd.closedCaptionsNone)
        #expect(hd.url?.absoluteString == "https://example.com/live/video/720p.m3u8")
        #expect(hd.line == 9)
        #expect(master.variants[1].closedCaptionsNone)
        #expect(master.variants[1].resolvedURI == "https://other.example.com/360p.m3u8")
        #expect(master.iFrameVariants.first?.resolvedURI == "https://example.com/live/video/720p-iframes.m3u8")
        #expect(PlaylistValidator.validate(.master(master)) == [])
    }

    @Test func errorDescriptionNamesLineTagAndAttribute() throws {
        let text = """
            #EXTM3U
            #EXT-X-VERSION:3
            #EXT-X-STREAM-INF:BANDWIDTH=1
            a.m3u8
            #EXT-X-STREAM-INF:BANDWIDTH=2
            b.m3u8
            #EXT-X-STREAM-INF:RESOLUTION=1280x720
            c.m3u8
            """
        let error = try #require(parseError(text))
        #expect(error.description == "line 7: EXT-X-STREAM-INF: BANDWIDTH is required")
        #expect(error.code == .missingAttribute)
        #expect(error.code.description == "missingAttribute")
    }

    @Test func streamInfWithoutURI() throws {
        let atEnd = try #require(parseError("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\n"))
        #expect(atEnd.code == .missingURI && atEnd.line == 2)
        let twice = try #require(parseError("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\n#EXT-X-STREAM-INF:BANDWIDTH=2\nv.m3u8\n"))
        #expect(twice.code == .missingURI && twice.line == 2)
    }

    @Test func uriWithoutStreamInfInMaster() throws {
        let error = try #require(parseError("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\na.m3u8\nb.m3u8\n"))
        #expect(error.code == .unexpectedURI && error.line == 4)
        #expect(error.message.contains("EXT-X-STREAM-INF"))
    }

    @Test(arguments: [
        ("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\nv.m3u8\n#EXTINF:4,\na.ts\n", 4),
        ("#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"a\",NAME=\"n\"\n", 3),
        ("#EXTM3U\n#EXT-X-VERSION:3\n#EXTINF:4,\na.ts\n#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=1,URI=\"i\"\n", 5),
    ])
    func mixedPlaylistIsAnError(_ text: String, _ line: Int) throws {
        let error = try #require(parseError(text))
        #expect(error.code == .mixedPlaylist)
        #expect(error.line == line)
    }
}
