import Foundation

/// The shapes of the names the platform gives us, checked before anything is stored.
///
/// Room ids and owners appear in URLs, logs and SRS stream names, so they are kept to a
/// conservative alphabet and length rather than escaped everywhere.
public enum Identifiers {
    public static let maxLength = 64

    /// Room ids: letters, digits, `-`, `_`, `.`; 1–64 characters.
    public static func isValidRoomId(_ id: String) -> Bool {
        isValid(id, extra: "-_.")
    }

    /// Owner (user) names: letters, digits, `-`, `_`, `.`, `@`; 1–64 characters.
    public static func isValidOwner(_ owner: String) -> Bool {
        isValid(owner, extra: "-_.@")
    }

    private static func isValid(_ text: String, extra: String) -> Bool {
        let utf8 = text.utf8
        guard !utf8.isEmpty, utf8.count <= maxLength, text != ".", text != ".." else { return false }
        let allowed = Set(extra.utf8)
        return utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || allowed.contains(byte)
        }
    }

    /// A new random id: 20 lowercase base-32 characters (100 bits), safe in any URL or path.
    ///
    /// Each character takes 5 of a 64-bit draw's bits, so an id costs 2 draws rather than
    /// 20: every draw from the system generator is a `getrandom` system call, and one of these
    /// ids is made for every accepted publish.
    public static func random(length: Int = 20) -> String {
        var generator = SystemRandomNumberGenerator()
        var bits: UInt64 = 0
        var left = 0
        var characters: [UInt8] = []
        characters.reserveCapacity(length)
        for _ in 0..<length {
            if left < 5 {
                bits = generator.next()
                left = 64
            }
            characters.append(alphabet[Int(bits & 31)])
            bits >>= 5
            left -= 5
        }
        return String(decoding: characters, as: UTF8.self)
    }

    private static let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567".utf8)
}
