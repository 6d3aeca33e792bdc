import Foundation
import Testing

@testable import SidecarCore

/// Deny answers and event payloads are written without an encoder: whatever a text holds (a ban
/// reason is free text from the platform), the JSON must say exactly that.
@Suite struct JSONStringTests {
    @Test(arguments: [
        "the stream key is wrong", #"unknown app "x""#, #"back\slash"#, "line\nbreak\ttab\r",
        "\u{01}\u{1f} controls", "ünïcödé 🎥", "", #"slash/es stay"#,
    ])
    func quotedStringsDecodeToThemselves(_ text: String) throws {
        let quoted = JSONString.quoted(text)
        let decoded = try JSONDecoder().decode([String].self, from: Data("[\(quoted)]".utf8))
        #expect(decoded == [text])
    }

    @Test func controlCharactersUseShortOrUnicodeEscapes() {
        #expect(JSONString.quoted("a\u{01}b\nc") == #""a\u0001b\nc""#)
        #expect(JSONString.quoted("plain") == #""plain""#)
    }
}
