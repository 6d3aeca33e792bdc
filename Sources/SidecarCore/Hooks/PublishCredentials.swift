import Foundation

/// Checks what a publisher presented: the room's stream key (`?key=`) or a signed publish
/// token (`?token=&expires=`). Pure, so it can run inside the store's transaction against
/// the room as it is at that instant: a key rotated a microsecond earlier no longer works.
enum PublishCredentials {
    static func check(_ params: HookParams, room: Room, tokens: SignedTokens?, now: Date) -> HookDecision {
        check(params, keyHash: room.keyHash, liveId: room.liveId, tokens: tokens, now: now)
    }

    /// The same for any stream with a key (a connection's guest): an empty hash matches no key.
    static func check(_ params: HookParams, keyHash: String, liveId: String, tokens: SignedTokens?, now: Date) -> HookDecision {
        if params.isRepeated("key") || params.isRepeated("token") || params.isRepeated("expires") {
            return .deny(.ambiguousCredential, "a credential parameter is given more than once")
        }
        if let key = params.single("key") {
            return !keyHash.isEmpty && StreamKeys.matches(key, storedHash: keyHash)
                ? .allow : .deny(.invalidKey, "the stream key is not valid for this stream")
        }
        if let token = params.single("token") {
            guard let tokens else { return .deny(.invalidToken, "signed tokens are not enabled on this sidecar") }
            guard let expires = params.single("expires").flatMap(Int.init) else {
                return .deny(.invalidToken, "a token needs a numeric expires parameter")
            }
            switch tokens.verify(.publish, liveId: liveId, token: token, expires: expires, now: now) {
            case .valid: return .allow
            case .expired: return .deny(.expiredToken, "the publish token has expired")
            case .invalid: return .deny(.invalidToken, "the publish token is not valid for this stream")
            }
        }
        return .deny(.missingCredential, "no stream key or token in the publish URL (expected ?key=...)")
    }
}
