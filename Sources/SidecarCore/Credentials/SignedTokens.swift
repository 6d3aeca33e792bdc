import Crypto
import Foundation

/// Stateless signed tokens: `token = hex(HMAC-SHA256(secret, "<purpose>:<liveId>:<expires>"))`.
///
/// The platform mints them without asking us (one line of shell, see docs/keys-and-tokens.md):
/// publish tokens for a streamer's encoder, play tokens for a private room's viewers.
public struct SignedTokens: Sendable {
    public enum Purpose: String, Sendable {
        case publish
        case play
    }

    public enum Verdict: Sendable, Equatable {
        case valid
        case expired
        case invalid
    }

    private let secret: SymmetricKey

    public init(secret: String) {
        self.secret = SymmetricKey(data: Array(secret.utf8))
    }

    public func token(_ purpose: Purpose, liveId: String, expires: Int) -> String {
        Hex.encode(HMAC<SHA256>.authenticationCode(for: message(purpose, liveId, expires), using: secret))
    }

    /// Checks the signature before the expiry so a forged token never learns whether its
    /// time was right.
    public func verify(_ purpose: Purpose, liveId: String, token: String, expires: Int, now: Date) -> Verdict {
        let expected = Array(self.token(purpose, liveId: liveId, expires: expires).utf8)
        guard ConstantTime.equals(expected, Array(token.lowercased().utf8)) else { return .invalid }
        return Double(expires) > now.timeIntervalSince1970 ? .valid : .expired
    }

    private func message(_ purpose: Purpose, _ liveId: String, _ expires: Int) -> [UInt8] {
        // Publish tokens keep the plain "<liveId>:<expires>" form; play tokens are
        // prefixed so one can never be replayed as the other.
        let text = purpose == .publish ? "\(liveId):\(expires)" : "play:\(liveId):\(expires)"
        return Array(text.utf8)
    }
}
