import Crypto
import Foundation

/// Signs and verifies webhooks by the Standard Webhooks specification
/// (https://www.standardwebhooks.com): the signed content is `"<id>.<timestamp>.<body>"`,
/// the signature `v1,<base64 of its HMAC-SHA256>`, sent in the `webhook-id`,
/// `webhook-timestamp` (Unix seconds) and `webhook-signature` headers.
public struct WebhookSigner: Sendable {
    let secret: WebhookSecret

    public init(secret: WebhookSecret) {
        self.secret = secret
    }

    public func signature(id: String, timestamp: Int64, body: some DataProtocol) -> String {
        var hmac = HMAC<SHA256>(key: secret.key)
        hmac.update(data: Data("\(id).\(timestamp).".utf8))
        hmac.update(data: body)
        return "v1," + Data(hmac.finalize()).base64EncodedString()
    }

    /// The three headers of one delivery attempt.
    public func headers(id: String, timestamp: Int64, body: some DataProtocol) -> [(String, String)] {
        [
            ("webhook-id", id),
            ("webhook-timestamp", String(timestamp)),
            ("webhook-signature", signature(id: id, timestamp: timestamp, body: body)),
        ]
    }

    /// What a receiver does: true when one of the space-separated `v1,` signatures matches
    /// (compared in constant time) and the timestamp is within `tolerance` of `now`.
    public func verify(
        id: String, timestamp: String, signatures: String, body: some DataProtocol, now: Date = Date(),
        tolerance: TimeInterval = 300
    ) -> Bool {
        guard let seconds = Int64(timestamp), abs(now.timeIntervalSince1970 - Double(seconds)) <= tolerance else { return false }
        let expected = Array(signature(id: id, timestamp: seconds, body: body).utf8)
        return signatures.split(separator: " ").contains { candidate in
            let bytes = Array(candidate.utf8)
            guard bytes.count == expected.count else { return false }
            return zip(bytes, expected).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
        }
    }
}
