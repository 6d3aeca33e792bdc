import Foundation
import Testing

@testable import HLSPlaylist

@Suite("Attribute list lexer and types")
struct AttributeListTests {
    func lex(_ text: String, maxAttributes: Int = 128) throws(PlaylistError) -> AttributeList {
        try AttributeList(Array(text.utf8)[...], tag: "EXT-X-TEST", line: 9, maxAttributes: maxAttributes)
    }

    func lexError(_ text: String) -> PlaylistError? {
        do {
            _ = try lex(text)
            return nil
        } catch {
            return error
        }
    }

    @Test func quotedStringsMayContainCommasAndEquals() throws {
        let list = try lex(#"CODECS="avc1.4d401f,mp4a.40.2",URI="a.m3u8?x=1&y=2",BANDWIDTH=1"#)
        #expect(list.entries.map(\.name) == ["CODECS", "URI", "BANDWIDTH"])
        #expect(try list.quotedString("CODECS") == "avc1.4d401f,mp4a.40.2")
        #expect(try list.quotedString("URI") == "a.m3u8?x=1&y=2")
        #expect(try list.decimalInteger("BANDWIDTH") == 1)
        #expect(try list.decimalInteger("MISSING") == nil)
    }

    @Test func emptyQuotedStringIsAValue() throws {
        #expect(try lex(#"NAME="""#).quotedString("NAME") == "")
    }

    @Test func spacesAroundAttributesAndATrailingCommaAreTolerated() throws {
        let list = try lex(" A=1 , B=\"x\" ,C=YES,")
        #expect(list.entries.map(\.name) == ["A", "B", "C"])
        #expect(try list.decimalInteger("A") == 1)
        #expect(try list.flag("C") == true)
    }

    static let lexErrors: [(String, PlaylistError.Code)] = [
        (#"URI="abc"#, .invalidAttribute),
        (#"URI="a"b"#, .invalidAttribute),
        ("A=1,A=2", .invalidAttribute),
        ("A=", .invalidAttribute),
        ("A=,B=1", .invalidAttribute),
        ("A", .invalidAttribute),
        ("A,B=1", .invalidAttribute),
        ("=1", .invalidAttribute),
        ("A B=1", .invalidAttribute),
        ("A_B=1", .invalidAttribute),
        ("A=B\"C", .invalidAttribute),
        ("A=B C", .invalidAttribute),
        (",", .invalidAttribute),
    ]

    @Test(arguments: lexErrors)
    func lexErrorsNameTheLine(_ text: String, _ code: PlaylistError.Code) throws {
        let error = try #require(lexError(text))
        #expect(error.code == code)
        #expect(error.line == 9)
        #expect(error.message.hasPrefix("EXT-X-TEST: "))
    }

    @Test func duplicateDetectedInLongLists() throws {
        let names = (0..<40).map { "X-N\($0)=\($0)" }
        #expect(try lex(names.joined(separator: ",")).entries.count == 40)
        let error = try #require(lexError((names + ["X-N3=1"]).joined(separator: ",")))
        #expect(error.message.contains("X-N3 appears more than once"))
    }

    @Test func attributeCountIsLimited() throws {
        let text = (0..<129).map { "X-A\($0)=1" }.joined(separator: ",")
        #expect(throws: PlaylistError.self) { try lex(text) }
        let error = try #require(lexError(text))
        #expect(error.code == .tooManyAttributes)
        #expect(try lex(text, maxAttributes: 200).entries.count == 129)
    }

    @Test(arguments: [
        ("IV=0x0A0b", [0x0A, 0x0B] as [UInt8]),
        ("IV=0X0a", [0x0A]),
        ("IV=0xABC", [0x0A, 0xBC]),
        ("IV=0x00000000000000000000000000000001", [UInt8](repeating: 0, count: 15) + [1]),
    ])
    func hexSequences(_ text: String, _ bytes: [UInt8]) throws {
        #expect(try lex(text).hexSequence("IV")?.bytes == bytes)
    }

    @Test(arguments: ["IV=0x", "IV=12", "IV=0xG1", "IV=x12", #"IV="0x12""#])
    func badHexSequences(_ text: String) throws {
        #expect(throws: PlaylistError.self) { try lex(text).hexSequence("IV") }
    }

    @Test(arguments: [("R=1280x720", 1280, 720), ("R=0x0", 0, 0), ("R=3840x2160", 3840, 2160)])
    func resolutions(_ text: String, _ width: Int, _ height: Int) throws {
        #expect(try lex(text).resolution("R") == Resolution(width: width, height: height))
    }

    @Test(arguments: ["R=x720", "R=1280x", "R=1280*720", "R=-1x2", "R=1280x720x1", "R=12 80x720", "R=1e3x1"])
    func badResolutions(_ text: String) throws {
        let error = #expect(throws: PlaylistError.self) { try lex(text).resolution("R") }
        #expect(error?.line == 9)
    }

    @Test(arguments: [
        ("N=0", 0), ("N=9223372036854775807", Int.max), ("N=007", 7),
    ])
    func decimalIntegers(_ text: String, _ value: Int) throws {
        #expect(try lex(text).decimalInteger("N") == value)
    }

    @Test(arguments: [
        ("N=-1", "is not a decimal-integer"),
        ("N=9223372036854775808", "is out of range"),
        ("N=99999999999999999999999", "is out of range"),
        ("N=1.0", "is not a decimal-integer"),
        ("N=+1", "is not a decimal-integer"),
        ("N=0x10", "is not a decimal-integer"),
        ("N=NaN", "is not a decimal-integer"),
        (#"N="1""#, "must be a decimal-integer, not a quoted-string"),
    ])
    func badDecimalIntegers(_ text: String, _ problem: String) throws {
        let error = #expect(throws: PlaylistError.self) { try lex(text).decimalInteger("N") }
        #expect(error?.message.contains(problem) == true, "\(String(describing: error))")
    }

    @Test(arguments: [
        ("F=1.5", 1.5), ("F=0", 0), ("F=10.", 10), ("F=.5", 0.5), ("F=29.970", 29.97),
        ("F=00000000000000000000000000001.25", 1.25),
    ])
    func decimalFloats(_ text: String, _ value: Double) throws {
        #expect(try lex(text).decimalFloat("F") == value)
    }

    @Test(arguments: [
        "F=1e400", "F=1e3", "F=-1.5", "F=NaN", "F=nan", "F=inf", "F=Infinity", "F=0x1p3", "F=1.2.3", "F=.", "F=1,5",
        "F=" + String(repeating: "9", count: 400),
    ])
    func badDecimalFloats(_ text: String) throws {
        #expect(throws: PlaylistError.self) { try lex(text).decimalFloat("F") }
    }

    @Test(arguments: [("S=-1.5", -1.5), ("S=2", 2.0), ("S=-0", 0.0)])
    func signedFloats(_ text: String, _ value: Double) throws {
        #expect(try lex(text).signedDecimalFloat("S") == value)
    }

    @Test(arguments: ["S=--1", "S=+1", "S=-", "S=-inf", "S=1-"])
    func badSignedFloats(_ text: String) throws {
        #expect(throws: PlaylistError.self) { try lex(text).signedDecimalFloat("S") }
    }

    @Test func fastDecimalPathMatchesStrtod() throws {
        var random = SeededRandom(seed: 7)
        for _ in 0..<5_000 {
            let integer = UInt64.random(in: 0..<1_000_000_000, using: &random)
            let digits = Int.random(in: 0...9, using: &random)
            let fraction = (0..<digits).map { _ in String(Int.random(in: 0...9, using: &random)) }.joined()
            let text = digits == 0 ? "\(integer)" : "\(integer).\(fraction)"
            let parsed = try NumberParser.decimalFloat(Array(text.utf8)[...])
            #expect(parsed == Double(text), "\(text)")
        }
    }

    @Test func typeMismatchesAreErrors() throws {
        let list = try lex(#"Q="text",E=TEXT"#)
        #expect(throws: PlaylistError.self) { try list.enumeratedString("Q") }
        #expect(throws: PlaylistError.self) { try list.quotedString("E") }
        #expect(throws: PlaylistError.self) { try list.flag("E") }
        #expect(try list.enumeratedString("E") == "TEXT")
    }

    @Test func requiredNamesTheAttribute() throws {
        let list = try lex("A=1")
        let error = #expect(throws: PlaylistError.self) { try list.required("B", list.decimalInteger) }
        #expect(error?.description == "line 9: EXT-X-TEST: B is required")
        #expect(error?.code == .missingAttribute)
    }

    @Test func controlCharactersInQuotedStringsAreRejected() throws {
        let list = try lex("A=\"x\u{1}y\"")
        let error = #expect(throws: PlaylistError.self) { try list.quotedString("A") }
        #expect(error?.code == .invalidEncoding)
    }

    @Test func hexSequenceJSON() throws {
        let value = HexSequence(bytes: [0xDE, 0xAD])
        #expect(value.description == "0xDEAD")
        let data = try JSONEncoder().encode([value])
        #expect(String(decoding: data, as: UTF8.self) == #"["0xDEAD"]"#)
        #expect(try JSONDecoder().decode([HexSequence].self, from: data) == [value])
    }
}
