import Foundation
import Testing

@testable import HLSPlaylist

@Suite("Validator")
struct ValidatorTests {
    func violations(_ text: String) throws -> [RuleViolation] {
        PlaylistValidator.validate(try parse(text))
    }

    func rules(_ text: String) throws -> [String] {
        try violations(text).map(\.rule)
    }

    func media(_ body: String, version: Int? = 7, target: Int? = 10) -> String {
        var text = "#EXTM3U\n"
        if let version { text += "#EXT-X-VERSION:\(version)\n" }
        if let target { text += "#EXT-X-TARGETDURATION:\(target)\n" }
        return text + body
    }

    @Test func extinfOverTargetDurationNamesItsLine() throws {
        let text = "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:3\n#EXTINF:3.0,\na.ts\n#EXTINF:3.6,\nb.ts\n"
        let found = try violations(text)
        #expect(found.count == 1)
        let violation = try #require(found.first)
        #expect(violation.rule == "extinf_exceeds_target_duration")
        #expect(violation.line == 6)
        #expect(violation.description.hasPrefix("line 6: extinf_exceeds_target_duration: EXTINF 3.6"))
    }

    @Test(arguments: [(3.4, false), (3.49, false), (3.5, true), (3.6, true), (3.0, false), (2.0, false), (4.0, true)])
    func roundingToNearest(_ duration: Double, _ violates: Bool) throws {
        let text = "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:3\n#EXTINF:\(duration),\na.ts\n"
        #expect(try rules(text).contains("extinf_exceeds_target_duration") == violates)
    }

    @Test func missingTargetDurationIsAViolationNotAnError() throws {
        let text = "#EXTM3U\n#EXTINF:1,\na.ts\n"
        let media = try parseMedia(text)
        #expect(media.targetDuration == nil)
        let found = PlaylistValidator.validate(.media(media))
        #expect(found.map(\.rule) == ["missing_target_duration"])
        #expect(found.first?.line == nil)
    }

    @Test func emptyMediaPlaylist() throws {
        #expect(try rules("#EXTM3U\n#EXT-X-TARGETDURATION:3\n") == ["empty_media_playlist"])
        #expect(try rules("#EXTM3U\n") == ["missing_target_duration", "empty_media_playlist"])
    }

    @Test func versionTooLowForFeatures() throws {
        let text = media("""
            #EXT-X-MAP:URI="init.mp4"
            #EXTINF:1.5,
            #EXT-X-BYTERANGE:100@0
            a.mp4
            #EXTINF:1.5,
            #EXT-X-BYTERANGE:100
            a.mp4
            """, version: nil)
        let found = try violations(text)
        #expect(found.allSatisfy { $0.rule == "version_too_low_for_feature" })
        let messages = found.map(\.message)
        #expect(messages.count == 3, "\(messages)")
        #expect(messages.contains { $0.hasPrefix("fractional EXTINF duration requires EXT-X-VERSION 3") })
        #expect(messages.contains { $0.hasPrefix("EXT-X-BYTERANGE requires EXT-X-VERSION 4") })
        #expect(messages.contains { $0.hasPrefix("EXT-X-MAP requires EXT-X-VERSION 6") })
        #expect(found.first(where: { $0.message.hasPrefix("EXT-X-MAP") })?.line == 3)
        #expect(try rules(text.replacingOccurrences(of: "#EXTM3U\n", with: "#EXTM3U\n#EXT-X-VERSION:6\n")) == [])
    }

    @Test func versionRulesForKeysDefineAndSkip() throws {
        let text = media("""
            #EXT-X-DEFINE:NAME="a",VALUE="b"
            #EXT-X-SKIP:SKIPPED-SEGMENTS=2
            #EXT-X-KEY:METHOD=SAMPLE-AES,URI="k",IV=0x00000000000000000000000000000001,KEYFORMAT="x"
            #EXTINF:1,
            a.ts
            """, version: 1)
        let messages = try violations(text).map(\.message)
        for feature in ["EXT-X-DEFINE requires EXT-X-VERSION 8", "EXT-X-SKIP requires EXT-X-VERSION 9",
                        "EXT-X-KEY IV requires EXT-X-VERSION 2", "KEYFORMAT requires EXT-X-VERSION 5",
                        "METHOD=SAMPLE-AES requires EXT-X-VERSION 5"] {
            #expect(messages.contains { $0.hasPrefix(feature) }, "\(feature) in \(messages)")
        }
    }

    @Test func byteRangeWithoutOffset() throws {
        let first = media("#EXTINF:1,\n#EXT-X-BYTERANGE:100\na.mp4\n")
        let found = try violations(first)
        #expect(found.map(\.rule) == ["byterange_without_offset"])
        #expect(found.first?.line == 4)
        let continued = media("#EXTINF:1,\n#EXT-X-BYTERANGE:100@0\na.mp4\n#EXTINF:1,\n#EXT-X-BYTERANGE:100\na.mp4\n")
        #expect(try rules(continued) == [])
        let otherResource = media("#EXTINF:1,\n#EXT-X-BYTERANGE:100@0\na.mp4\n#EXTINF:1,\n#EXT-X-BYTERANGE:100\nb.mp4\n")
        #expect(try rules(otherResource) == ["byterange_without_offset"])
    }

    @Test func ivLength() throws {
        let text = media("#EXT-X-KEY:METHOD=AES-128,URI=\"k\",IV=0x1234\n#EXTINF:1,\na.ts\n")
        let found = try violations(text)
        #expect(found.map(\.rule) == ["key_iv_length"])
        #expect(found.first?.line == 4)
    }

    @Test func dateRangeRules() throws {
        let text = media("""
            #EXT-X-DATERANGE:ID="a",START-DATE="2024-01-02T00:00:00Z",END-DATE="2024-01-01T00:00:00Z"
            #EXT-X-DATERANGE:ID="b",START-DATE="2024-01-02T00:00:00Z",END-ON-NEXT=YES
            #EXTINF:1,
            a.ts
            #EXT-X-DATERANGE:ID="c",CLASS="x",START-DATE="2024-01-02T00:00:00Z",END-ON-NEXT=YES,DURATION=1
            """)
        let found = try violations(text)
        #expect(found.map(\.rule) == ["daterange_end_before_start", "daterange_end_on_next_invalid", "daterange_end_on_next_invalid"])
        #expect(found.map(\.line) == [4, 5, 8])
    }

    @Test func lowLatencyRules() throws {
        let text = """
            #EXTM3U
            #EXT-X-VERSION:9
            #EXT-X-TARGETDURATION:4
            #EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=0.5,HOLD-BACK=6,CAN-SKIP-UNTIL=12
            #EXT-X-PART-INF:PART-TARGET=0.5
            #EXT-X-PART:DURATION=0.5,URI="p0.mp4"
            #EXT-X-PART:DURATION=0.6,URI="p1.mp4"
            #EXTINF:1.1,
            s.mp4
            """
        let found = try violations(text)
        #expect(found.map(\.rule) == ["hold_back_too_small", "can_skip_until_too_small", "part_hold_back_too_small",
                                      "part_exceeds_part_target"])
        #expect(found.map(\.line) == [4, 4, 4, 7])
    }

    @Test func partsNeedPartInfAndPartHoldBack() throws {
        let noPartInf = media("#EXT-X-PART:DURATION=0.5,URI=\"p0.mp4\"\n#EXTINF:1,\ns.mp4\n")
        #expect(try violations(noPartInf).map(\.rule) == ["part_without_part_inf"])
        let noHoldBack = media("#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES\n#EXT-X-PART-INF:PART-TARGET=1\n#EXTINF:1,\ns.mp4\n")
        #expect(try violations(noHoldBack).map(\.rule) == ["part_hold_back_missing"])
    }

    @Test func masterRules() throws {
        let text = """
            #EXTM3U
            #EXT-X-VERSION:6
            #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aac",NAME="en",DEFAULT=YES,URI="en.m3u8"
            #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aac",NAME="en",DEFAULT=YES,URI="en2.m3u8"
            #EXT-X-MEDIA:TYPE=CLOSED-CAPTIONS,GROUP-ID="cc",NAME="CC",INSTREAM-ID="SERVICE1",URI="cc.m3u8"
            #EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="de"
            #EXT-X-SESSION-KEY:METHOD=NONE
            #EXT-X-DEFINE:IMPORT="x"
            #EXT-X-STREAM-INF:BANDWIDTH=1,AUDIO="aac",VIDEO="missing",SUBTITLES="aac"
            v.m3u8
            """
        let found = try violations(text)
        #expect(found.map(\.rule) == [
            "duplicate_rendition_name", "multiple_default_renditions", "closed_captions_with_uri",
            "version_too_low_for_feature", "subtitles_without_uri", "session_key_method_none",
            "define_import_in_master", "version_too_low_for_feature", "undefined_rendition_group",
            "undefined_rendition_group",
        ])
        #expect(found.map(\.line) == [4, 4, 5, 5, 6, 7, 8, 8, 9, 9])
    }

    @Test func emptyMaster() throws {
        let text = "#EXTM3U\n#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"a\",NAME=\"n\"\n"
        #expect(try rules(text) == ["empty_master_playlist"])
    }

    @Test func violationsAreCodable() throws {
        let violation = RuleViolation(rule: "missing_target_duration", line: nil, message: "m")
        let data = try JSONEncoder().encode(violation)
        #expect(try JSONDecoder().decode(RuleViolation.self, from: data) == violation)
        #expect(violation.description == "missing_target_duration: m")
    }
}
