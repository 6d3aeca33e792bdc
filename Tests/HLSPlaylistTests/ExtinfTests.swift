import Testing

@testable import HLSPlaylist

/// EXTINF cases stand alone: `#EXTM3U / <case> / a.ts`, so errors must name line 2.
@Suite("EXTINF")
struct ExtinfTests {
    static let extinfValid: [(String, Double, String?)] = [
        ("#EXTINF:10,", 10, nil),
        ("#EXTINF:10", 10, nil),
        ("#EXTINF:2.023, no desc", 2.023, "no desc"),
        ("#EXTINF:0.5,title, with comma", 0.5, "title, with comma"),
        ("#EXTINF:10.,", 10, nil),
        ("#EXTINF:0,", 0, nil),
        ("#EXTINF:6.006,\t", 6.006, nil),
        ("#EXTINF:4.00008,Ünïcödé", 4.00008, "Ünïcödé"),
        ("#EXTINF:123456789012.5,", 123_456_789_012.5, nil),
        ("#EXTINF:0.1234567890123456789,", 0.1234567890123456789, nil),
    ]

    @Test(arguments: extinfValid)
    func validExtinf(_ line: String, _ duration: Double, _ title: String?) throws {
        let segment = try #require(try parseMedia("#EXTM3U\n\(line)\na.ts\n").segments.first)
        #expect(segment.duration == duration)
        #expect(segment.title == title)
        #expect(segment.line == 2)
    }

    static let extinfInvalid: [(String, PlaylistError.Code)] = [
        ("#EXTINF:-1,", .invalidNumber),
        ("#EXTINF:abc,", .invalidNumber),
        ("#EXTINF:NaN,", .invalidNumber),
        ("#EXTINF:inf,", .invalidNumber),
        ("#EXTINF:1e400,", .invalidNumber),
        ("#EXTINF:1.2.3,", .invalidNumber),
        ("#EXTINF:,title", .invalidNumber),
        ("#EXTINF:", .invalidTag),
        ("#EXTINF:" + String(repeating: "9", count: 400) + ",", .invalidNumber),
        ("#EXTINF:5,bad\u{7F}title", .invalidEncoding),
    ]

    @Test(arguments: extinfInvalid)
    func invalidExtinf(_ line: String, _ code: PlaylistError.Code) throws {
        let error = try #require(parseError("#EXTM3U\n\(line)\na.ts\n"))
        #expect(error.code == code, "\(error)")
        #expect(error.line == 2)
    }

    @Test func titleKeepsInnerAndTrailingText() throws {
        let segment = try #require(try parseMedia("#EXTM3U\n#EXTINF:1,  a , b\na.ts\n").segments.first)
        #expect(segment.title == "a , b")
    }
}
