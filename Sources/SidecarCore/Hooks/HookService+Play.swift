import Foundation

extension HookService {
    /// A viewer may play any existing room (an idle room shows the player a notice until the
    /// streamer starts); a private room needs a signed play token.
    public func play(_ request: PlayRequest) async -> HookDecision {
        guard request.app == env.media.app else { return connect(app: request.app) }
        do {
            guard let room = try await env.store.room(liveId: request.liveId) else {
                if let decision = try await connections?.admitPlay(request) { return decision }
                return .deny(.unknownStream, "no room streams as \"\(request.liveId)\"")
            }
            // A connection's mixer reading the host: no token needed, and not a viewer.
            if let connections, try await connections.isMixerRead(request, room: room) { return .allow }
            if room.isPrivate {
                let decision = playToken(request, room: room)
                guard decision.allowed else { return decision }
            }
            viewers.add(ViewerSession(
                roomId: room.id, clientId: request.clientId, kind: request.kind.rawValue, ip: request.ip, since: env.now()))
            return .allow
        } catch {
            env.logger.error("play refused: a dependency failed", metadata: ["stream.name": "\(request.stream)", "error": "\(error)"])
            return .deny(.unavailable, "the sidecar could not decide (\(error)); try again")
        }
    }

    public func stop(_ request: StreamEndRequest) async {
        do {
            var roomId = try await env.store.room(liveId: request.liveId)?.id
            if roomId == nil { roomId = try await connections?.viewerRoomId(liveId: request.liveId) }
            guard let roomId else { return }
            viewers.remove(ViewerKey(roomId: roomId, clientId: request.clientId))
        } catch {
            env.logger.error("stop not recorded", metadata: ["stream.name": "\(request.stream)", "error": "\(error)"])
        }
    }

    private func playToken(_ request: PlayRequest, room: Room) -> HookDecision {
        guard let tokens = env.tokens else { return .deny(.invalidToken, "this room is private and signed tokens are not enabled") }
        guard let token = request.params.single("token"), let expires = request.params.single("expires").flatMap(Int.init) else {
            return .deny(.missingCredential, "this room is private: a play token is required (?token=...&expires=...)")
        }
        switch tokens.verify(.play, liveId: room.liveId, token: token, expires: expires, now: env.now()) {
        case .valid: return .allow
        case .expired: return .deny(.expiredToken, "the play token has expired")
        case .invalid: return .deny(.invalidToken, "the play token is not valid for this room")
        }
    }
}
