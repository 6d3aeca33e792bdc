import Foundation
import Logging

/// What the media server's hooks ask about connection streams: the guest's and the mix's
/// stream names are not rooms, so `HookService` hands them here, and tells this service
/// when a room's host comes and goes.
extension ConnectionService {
    /// A publish of a guest or mix stream; nil when `request.stream` is neither.
    ///
    /// The guest needs an open connection, its key (or a publish token for its stream) and
    /// no ban; the mix needs the mixer's credential, compared in constant time.
    public func admitPublish(_ request: PublishRequest) async throws -> HookDecision? {
        guard let found = try await store.connection(liveId: request.stream) else { return nil }
        if request.params.isRepeated("key") || request.params.isRepeated("token") || request.params.isRepeated("expires") {
            return .deny(.ambiguousCredential, "a credential parameter is given more than once")
        }
        if request.stream == found.mixLiveId {
            guard let presented = request.params.single("key"), ConstantTime.equals(presented, mixerKey(found)) else {
                return .deny(.invalidKey, "only the sidecar's mixer publishes a connection's mix")
            }
            return try await decide(.mixPublished(clientId: request.clientId), found) { connection in
                connection.state == .mixing || connection.state == .active
                    ? nil : .deny(.unknownStream, "the connection is not mixing")
            }
        }
        if let ban = try await env.store.ban(owner: found.guest), ban.isActive(at: env.now()) {
            return .deny(.banned, "the guest is banned: \(ban.reason)")
        }
        if let room = try await env.store.room(id: found.roomId), let suspension = room.suspension {
            return .deny(.suspended, "the room is suspended: \(suspension.reason)")
        }
        // A different guest client already live is only replaced once the media server no
        // longer has it: a second encoder must not steal the guest's place.
        if found.guestLive, let holder = found.guestClientId, holder != request.clientId,
            try await env.control.isConnected(clientId: holder)
        {
            return .deny(.busy, "the guest is already publishing from another client")
        }
        let tokens = env.tokens
        let now = env.now()
        return try await decide(.guestPublished(clientId: request.clientId), found) { connection in
            guard connection.isOpen else { return .deny(.unknownStream, "the connection has ended") }
            let credentials = PublishCredentials.check(
                request.params, keyHash: connection.guestKeyHash, liveId: connection.guestLiveId, tokens: tokens, now: now)
            return credentials.allowed ? nil : credentials
        }
    }

    /// Checks `refuse` and applies `input` in one transaction: the decision is made against
    /// the connection as it is at that instant (a connection ended a moment ago refuses).
    private func decide(
        _ input: ConnectionInput, _ found: Connection, refuse: @escaping @Sendable (Connection) -> HookDecision?
    ) async throws -> HookDecision {
        try await env.locks.withLock(Self.lockKey(found.roomId)) {
            let now = env.now()
            let media = env.media
            let (decision, transition) = try await store.mutateConnection(id: found.id) {
                current -> ConnectionDecision<(HookDecision, ConnectionTransition?)> in
                guard let current else { return .unchanged((.deny(.unknownStream, "the connection is gone"), nil)) }
                if let refusal = refuse(current) { return .unchanged((refusal, nil)) }
                guard let transition = ConnectionStateMachine.apply(input, to: current, now: now) else {
                    return .unchanged((.allow, nil))  // a duplicate hook
                }
                return ConnectionDecision(
                    write: transition.connection, events: Self.events(transition, media: media), result: (.allow, transition))
            }
            if let transition {
                env.logger.info("connection publish accepted", metadata: [
                    "connection.id": "\(found.id)", "room.id": "\(found.roomId)", "connection.state": "\(transition.connection.state.rawValue)"])
                await perform(transition.effects, transition.connection)
            }
            return decision
        }
    }

    /// The end of a guest's or the mixer's publish; false when `request.stream` is neither.
    @discardableResult
    public func unpublished(_ request: StreamEndRequest) async throws -> Bool {
        guard let found = try await store.connection(liveId: request.liveId) else { return false }
        let input: ConnectionInput =
            request.liveId == found.mixLiveId
            ? .mixUnpublished(clientId: request.clientId) : .guestUnpublished(clientId: request.clientId)
        try await apply(input, connectionId: found.id, roomId: found.roomId)
        return true
    }

    /// nginx-rtmp's periodic "may this publisher go on?" for a guest or mix stream; nil when
    /// `request.stream` is neither.
    public func continuePublish(_ request: StreamEndRequest) async throws -> HookDecision? {
        guard let found = try await store.connection(liveId: request.liveId) else { return nil }
        guard found.isOpen else { return .deny(.unknownStream, "the connection has ended") }
        if request.liveId == found.mixLiveId {
            return found.mixClientId == request.clientId ? .allow : .deny(.notPublishing, "not the connection's mixer")
        }
        if let ban = try await env.store.ban(owner: found.guest), ban.isActive(at: env.now()) {
            return .deny(.banned, "the guest is banned: \(ban.reason)")
        }
        return found.guestClientId == request.clientId ? .allow : .deny(.notPublishing, "not the connection's guest")
    }

    /// A play of a guest or mix stream; nil when `request.liveId` is neither. Viewers may play
    /// the mix (counted as the room's viewers; a private room's play token may be for the
    /// room's or the mix's stream); the guest's own stream is read by the mixer only.
    public func admitPlay(_ request: PlayRequest) async throws -> HookDecision? {
        guard let found = try await store.connection(liveId: request.liveId) else { return nil }
        guard found.isOpen else { return .deny(.unknownStream, "the connection has ended") }
        if isMixerCredential(request.params, found) { return .allow }
        guard request.liveId == found.mixLiveId else {
            return .deny(.invalidKey, "a guest's stream is read only by the sidecar's mixer")
        }
        guard let room = try await env.store.room(id: found.roomId) else { return .deny(.unknownStream, "the room was closed") }
        if room.isPrivate {
            guard let tokens = env.tokens else { return .deny(.invalidToken, "this room is private and signed tokens are not enabled") }
            guard let token = request.params.single("token"), let expires = request.params.single("expires").flatMap(Int.init) else {
                return .deny(.missingCredential, "this room is private: a play token is required (?token=...&expires=...)")
            }
            let verdicts = [room.liveId, found.mixLiveId].map {
                tokens.verify(.play, liveId: $0, token: token, expires: expires, now: env.now())
            }
            if !verdicts.contains(.valid) {
                return verdicts.contains(.expired)
                    ? .deny(.expiredToken, "the play token has expired") : .deny(.invalidToken, "the play token is not valid for this room")
            }
        }
        viewers.add(ViewerSession(roomId: room.id, clientId: request.clientId, kind: request.kind.rawValue, ip: request.ip, since: env.now()))
        return .allow
    }

    /// Whether a play of a room's own stream is its connection's mixer reading the host:
    /// allowed without a play token, and not counted as a viewer.
    public func isMixerRead(_ request: PlayRequest, room: Room) async throws -> Bool {
        guard request.params.single("key") != nil, let connection = try await store.openConnection(roomId: room.id) else {
            return false
        }
        return isMixerCredential(request.params, connection)
    }

    /// nginx-rtmp's periodic "may this player go on?" for a guest or mix stream.
    public func continuePlay(_ request: StreamEndRequest) async throws -> HookDecision? {
        guard let found = try await store.connection(liveId: request.liveId) else { return nil }
        return found.isOpen ? .allow : .deny(.unknownStream, "the connection has ended")
    }

    /// The room whose viewers a mix stream's players are; nil for any other stream.
    public func viewerRoomId(liveId: String) async throws -> String? {
        guard let found = try await store.connection(liveId: liveId), found.mixLiveId == liveId else { return nil }
        return found.roomId
    }

    /// The room's host publishes (again).
    public func hostPublished(roomId: String) async throws {
        guard let open = try await store.openConnection(roomId: roomId) else { return }
        try await apply(.hostPublished, connectionId: open.id, roomId: roomId)
    }

    /// The room went idle: its host is gone.
    public func hostLeft(roomId: String) async throws {
        guard let open = try await store.openConnection(roomId: roomId) else { return }
        try await apply(.hostUnpublished, connectionId: open.id, roomId: roomId)
    }

    /// The room is being closed (call under the room's lock, before it is deleted).
    public func roomClosed(roomId: String) async throws {
        guard let open = try await store.openConnection(roomId: roomId) else { return }
        try await apply(.end(reason: ConnectionReason.roomClosed), connectionId: open.id, roomId: roomId)
    }

    /// A user was banned: their open connections as a guest end.
    public func guestBanned(_ user: String) async throws {
        for connection in try await store.openConnections() where connection.guest == user {
            try await apply(.end(reason: ConnectionReason.guestBanned), connectionId: connection.id, roomId: connection.roomId)
        }
    }

    /// Whether reconciliation must leave this publisher alone: a connection accepted it.
    /// A connection that ended moments ago is still being wound down by this service (its
    /// mixer stopping, its guest dropped): its streams are left to that for `windDown`.
    public func isAcceptedPublisher(liveId: String, clientId: String) async throws -> Bool {
        guard let found = try await store.connection(liveId: liveId) else { return false }
        guard found.isOpen else {
            guard let endedAt = found.endedAt else { return false }
            return env.now().timeIntervalSince(endedAt) < Self.windDown
        }
        return liveId == found.mixLiveId
            ? found.mixLive && found.mixClientId == clientId : found.guestLive && found.guestClientId == clientId
    }

    static let windDown: TimeInterval = 15

    /// A new HLS segment of `liveId` (SRS's `on_hls`): a mix being watched is probed now.
    public func segmentWritten(liveId: String) async {
        await watches.nudge(liveId: liveId)
    }

    private func isMixerCredential(_ params: HookParams, _ connection: Connection) -> Bool {
        guard let presented = params.single("key") else { return false }
        return ConstantTime.equals(presented, mixerKey(connection))
    }
}
