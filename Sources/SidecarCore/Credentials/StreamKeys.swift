import Crypto
import Foundation

/// Stream keys: derived, shown to the platform, verified by hash.
///
/// A key is `HMAC-SHA256(secret, room id | live id | version)`, encoded in base 32. Only its
/// SHA-256 reaches the database, so a leaked database reveals no key; because the key is
/// derived, the daemon can still hand the same key back to an idempotent `PUT` without
/// storing it. Rotating bumps the version: the old key stops matching at once. The secret
/// lives in the data folder, apart from the database.
public struct StreamKeys: Sendable {
    private let secret: SymmetricKey

    public init(secret: [UInt8]) {
        self.secret = SymmetricKey(data: secret)
    }

    /// The clear key for a room at a key version.
    public func key(roomId: String, liveId: String, version: Int) -> String {
        let message = Array("stream-key|\(roomId)|\(liveId)|\(version)".utf8)
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: secret)
        return "sk" + Base32.encode(Array(mac).prefix(20))
    }

    /// The stored form of a key: SHA-256, hex.
    public static func hash(_ key: String) -> String {
        Hex.encode(Array(SHA256.hash(data: Array(key.utf8))))
    }

    /// Whether `presented` is the key whose hash is `storedHash`, in constant time.
    public static func matches(_ presented: String, storedHash: String) -> Bool {
        ConstantTime.equals(Array(hash(presented).utf8), Array(storedHash.utf8))
    }
}

/// Lowercase RFC 4648 base 32 without padding: URL-safe and unambiguous when read aloud.
enum Base32 {
    private static let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567".utf8)

    static func encode(_ bytes: some Sequence<UInt8>) -> String {
        var output: [UInt8] = []
        var buffer = 0
        var bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | Int(byte)
            bits += 8
            while bits >= 5 {
                output.append(alphabet[(buffer >> (bits - 5)) & 31])
                bits -= 5
            }
        }
        if bits > 0 { output.append(alphabet[(buffer << (5 - bits)) & 31]) }
        return String(decoding: output, as: UTF8.self)
    }
}

/// Lowercase hex.
enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    static func encode(_ bytes: some Sequence<UInt8>) -> String {
        var output: [UInt8] = []
        for byte in bytes {
            output.append(digits[Int(byte >> 4)])
            output.append(digits[Int(byte & 15)])
        }
        return String(decoding: output, as: UTF8.self)
    }
}
