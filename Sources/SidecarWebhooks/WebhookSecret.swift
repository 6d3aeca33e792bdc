import Crypto
import Foundation

/// The signing secret in the Standard Webhooks form `whsec_<base64 of 24-64 random bytes>`,
/// the form the specification's libraries take as is.
public struct WebhookSecret: Sendable {
    public static let prefix = "whsec_"
    let key: SymmetricKey

    public init(_ text: String) throws(WebhookSecretError) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.hasPrefix(Self.prefix) else {
            throw WebhookSecretError("a webhook secret has the form whsec_<base64>; this one lacks the whsec_ prefix")
        }
        guard let bytes = Data(base64Encoded: String(trimmed.dropFirst(Self.prefix.count))) else {
            throw WebhookSecretError("the webhook secret after whsec_ is not valid base64")
        }
        // The specification asks for 24 to 64 bytes; fewer would be guessable.
        guard (24...64).contains(bytes.count) else {
            throw WebhookSecretError("the webhook secret must decode to 24-64 bytes, not \(bytes.count)")
        }
        key = SymmetricKey(data: bytes)
    }

    /// A new secret of 32 random bytes.
    public static func generate() -> String {
        let key = SymmetricKey(size: .bits256)
        return prefix + key.withUnsafeBytes { Data($0).base64EncodedString() }
    }
}

public struct WebhookSecretError: Error, CustomStringConvertible, Equatable {
    public let description: String
    init(_ description: String) { self.description = description }
}
