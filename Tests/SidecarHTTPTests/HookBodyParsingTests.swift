import Foundation
import TestFixtures
import Testing

@testable import SidecarHTTP

/// `SRSHookPayload.parse` against Foundation's `JSONDecoder`, which it replaces on the hook
/// path: every captured SRS body, and a set of edge cases and hostile bodies, must give the
/// same payload or an error on both. One difference is allowed: JSONDecoder does not check
/// the escapes and UTF-8 of strings it never decodes (keys of ignored objects, say), and the
/// parser refuses such a body; `JSONSerialization`, which reads every string, must then
/// refuse it too.
@Suite("Hook bodies: the hand-written parser agrees with JSONDecoder")
struct HookBodyParsingTests {
    private static func viaParser(_ body: [UInt8]) -> Result<SRSHookPayload, HookBodyError> {
        body.withUnsafeBytes { bytes in Result { () throws(HookBodyError) in try SRSHookPayload.parse(bytes) } }
    }

    private static func parse(_ body: [UInt8]) throws -> SRSHookPayload {
        try viaParser(body).get()
    }

    private static func viaDecoder(_ body: [UInt8]) -> SRSHookPayload? {
        try? JSONDecoder().decode(SRSHookPayload.self, from: Data(body))
    }

    private static func expectAgreement(_ body: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
        let parsed = viaParser(body)
        let decoded = viaDecoder(body)
        switch (parsed, decoded) {
        case (.success(let mine), let theirs?):
            #expect(mine == theirs, "\(String(decoding: body, as: UTF8.self))", sourceLocation: sourceLocation)
        case (.failure, nil): break
        case (.success(let mine), nil):
            Issue.record("parsed, JSONDecoder refused: \(String(decoding: body, as: UTF8.self)) -> \(mine)", sourceLocation: sourceLocation)
        case (.failure, _?) where (try? JSONSerialization.jsonObject(with: Data(body), options: .fragmentsAllowed)) == nil:
            break  // not JSON: only JSONDecoder's laziness let it through
        case (.failure(let error), let theirs?):
            Issue.record("refused (\(error)), JSONDecoder decoded: \(String(decoding: body, as: UTF8.self)) -> \(theirs)", sourceLocation: sourceLocation)
        }
    }

    @Test("every captured SRS 6 and 7 hook body", arguments: ["srs-6.0.157", "srs-7.0.18"])
    func capturedBodies(version: String) throws {
        let folder = Fixtures.url("srs-hooks/\(version)")
        var bodies = 0
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) where file.hasPrefix("on_") && file != "on_hls_notify.json" {
            let captures = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent(file))) as? [[String: Any]] ?? []
            for capture in captures {
                guard let raw = capture["raw_body"] as? String else { continue }
                let body = Array(raw.utf8)
                guard case .success(let payload) = Self.viaParser(body) else {
                    Issue.record("\(version)/\(file): refused \(raw)")
                    continue
                }
                #expect(payload == Self.viaDecoder(body))
                #expect(payload.action == file.replacingOccurrences(of: ".json", with: ""))
                bodies += 1
            }
        }
        #expect(bodies >= 9)
    }

    static let edgeCases: [String] = [
        #"{"action":"on_publish","app":"live","stream":"s","client_id":"c","param":"?key=a%20b&x=1"}"#,
        #"  {"action" : "a" , "app":null, "seq_no": 7 }  "#,
        #"{"action":"a","app":"x","app":"y"}"#,  // the first of duplicate keys
        #"{"action":"a","app":5,"app":"y"}"#,
        #"{"action":"a","seq_no":2.0}"#,
        #"{"action":"a","seq_no":1e2}"#,
        #"{"action":"a","seq_no":-0}"#,
        #"{"action":"a","seq_no":2.5}"#,
        #"{"action":"a","seq_no":"2"}"#,
        #"{"action":"a","seq_no":01}"#,
        #"{"action":"a","seq_no":99999999999999999999}"#,
        #"{"action":"a","seq_no":-}"#,
        #"{"action":"a","seq_no":1.}"#,
        #"{"action":"a","seq_no":1e}"#,
        #"{"action":null}"#,
        #"{"action":1}"#,
        #"{"Action":"a"}"#,
        #"{}"#,
        #"[]"#,
        #""on_publish""#,
        #"null"#,
        #""#,
        #"{"action":"a"} x"#,
        #"{"action":"a"}}"#,
        #"{"action":"a",}"#,
        #"{"action":"a",,}"#,
        #"{"action":"a""#,
        #"{"action":"a"#,
        #"{"action" "a"}"#,
        #"{action:"a"}"#,
        #"{'action':'a'}"#,
        #"{"action":"a","x":[1,{"y":-0.5e+3,"z":[true,false,null]}],"w":{}}"#,
        #"{"action":"a","x":[1,2,]}"#,
        #"{"action":"a","x":[1 2]}"#,
        #"{"action":"a","x":tru}"#,
        #"{"action":"a","x":nul}"#,
        #"{"action":"a","x":+1}"#,
        #"{"action":"a","app":"\/\\\"\b\f\n\r\t"}"#,
        #"{"action":"a\u00e9\ud83d\ude00","stream":"\u0041"}"#,
        #"{"action":"a\ud800"}"#,
        #"{"action":"a\udc00"}"#,
        #"{"action":"a\ud800\u0041"}"#,
        #"{"action":"a\u12"}"#,
        #"{"action":"a\x"}"#,
        #"{"\u0061ction":"escaped key"}"#,
        #"{"action":"ünïcödé","app":"直播"}"#,
        "{\"action\":\"a\tb\"}",
        "{\"action\":\"a\u{7f}b\"}",
    ]

    @Test("edge cases and malformed bodies", arguments: edgeCases)
    func edgeCase(body: String) {
        Self.expectAgreement(Array(body.utf8))
    }

    @Test("bytes that are not UTF-8 inside a string or a key are refused")
    func invalidUTF8() {
        for bad: [UInt8] in [[0xFF], [0xC3], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xC0, 0xAF]] {
            let value = Array(#"{"action":"a"#.utf8) + bad + Array(#""}"#.utf8)
            let key = Array(#"{"action":"a",""#.utf8) + bad + Array(#"":1}"#.utf8)
            for body in [value, key] {
                #expect(throws: HookBodyError.malformed) { try Self.parse(body) }
                Self.expectAgreement(body)
            }
        }
    }

    @Test("nesting beyond the limit is refused without recursing further")
    func deepNesting() {
        let deep = Array((#"{"action":"a","x":"# + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "}").utf8)
        #expect(throws: HookBodyError.malformed) { try Self.parse(deep) }
        let fine = Array((#"{"action":"a","x":"# + String(repeating: "[", count: 300) + String(repeating: "]", count: 300) + "}").utf8)
        Self.expectAgreement(fine)
    }

    @Test("errors name what is wrong, as the deny's reason")
    func errorTexts() {
        func error(_ body: String) -> String? {
            if case .failure(let error) = Self.viaParser(Array(body.utf8)) { return error.description }
            return nil
        }
        #expect(error(#"{"app":"live"}"#) == #"missing field "action""#)
        #expect(error(#"{"action":"on_play","stream":7}"#) == #"wrong type at "stream""#)
        #expect(error(#"{"action":"on_hls","seq_no":1.5}"#) == #"invalid value at "seq_no""#)
        #expect(error(#"{"action":"on_play""#) == "malformed JSON")
        #expect(error(#"["on_play"]"#) == "not a JSON object")
    }

    @Test("random truncations and byte flips of a real body never crash and agree with JSONDecoder")
    func mutations() throws {
        let raw = Array(#"{"server_id":"vid-pq6240v","service_id":"2l022j17","action":"on_hls","client_id":"a1982t52","ip":"127.0.0.1","vhost":"__defaultVhost__","app":"live","tcUrl":"rtmp://127.0.0.1:21935/live","stream":"room1","param":"?secret=abc123","duration":2.00,"cwd":"/usr/local/srs","file":"./objs/nginx/html/live/room1-0.ts","seq_no":0,"stream_id":"vid-3xw6vb9","x":[{"\u00e9":null}]}"#.utf8)
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array(#"{}[]":,\ "0123456789.eE+-tfnulx"#.utf8) + [0x00, 0x1F, 0x80, 0xC3, 0xFF]
        for length in 0...raw.count {
            Self.expectAgreement(Array(raw.prefix(length)))
        }
        for _ in 0..<2_000 {
            var body = raw
            for _ in 0..<Int.random(in: 1...3, using: &generator) {
                body[Int.random(in: 0..<body.count, using: &generator)] = alphabet.randomElement(using: &generator)!
            }
            Self.expectAgreement(body)
        }
    }
}
