import Foundation
import Logging

/// Decides what SRS (or nginx-rtmp) asked in a hook and keeps room state in step.
///
/// Every decision about one room runs under that room's lock, and every state change is
/// one store transaction, so duplicate hooks are harmless and nothing is ever half-done.
public struct HookService: Sendable {
    let env: SidecarEnvironment
    let readiness: ReadinessMonitor
    let viewers: ViewerRegistry
    let reconnect: ReconnectWindow
    /// Guest and mix streams of connections (co-hosting); nil: only rooms' own streams.
    let connections: ConnectionService?

    /// `reconnect` defaults to a closed window: `on_unpublish` makes the room idle at once.
    public init(
        env: SidecarEnvironment, readiness: ReadinessMonitor, viewers: ViewerRegistry,
        reconnect: ReconnectWindow = ReconnectWindow(duration: .zero), connections: ConnectionService? = nil
    ) {
        self.env = env
        self.readiness = readiness
        self.viewers = viewers
        self.reconnect = reconnect
        self.connections = connections
    }

    /// A client may connect only to our app.
    public func connect(app: String) -> HookDecision {
        app == env.media.app ? .allow : .deny(.unknownApp, "unknown app \"\(app)\" (expected \"\(env.media.app)\")")
    }

    public func publish(_ request: PublishRequest) async -> HookDecision {
        guard request.app == env.media.app else { return connect(app: request.app) }
        do {
            guard let room = try await env.store.room(liveId: request.stream) else {
                // Not a room: a connection's guest or mix stream, or nothing we know.
                if let decision = try await connections?.admitPublish(request) { return decision }
                return .deny(.unknownStream, "no room streams as \"\(request.stream)\"")
            }
            // Credentials first: a caller without the room's key or token learns nothing of
            // its owner's ban, and a key the snapshot already refuses needs no ban read, no
            // lock and no write transaction (the transaction checks again, so a key rotated in
            // between still counts).
            let precheck = PublishCredentials.check(request.params, room: room, tokens: env.tokens, now: env.now())
            guard precheck.allowed else { return precheck }
            if let ban = try await env.store.ban(owner: room.owner), ban.isActive(at: env.now()) {
                return .deny(.banned, "the owner is banned: \(ban.reason)")
            }
            return try await env.locks.withLock(room.id) { try await admit(request, roomId: room.id) }
        } catch {
            env.logger.error("publish refused: a dependency failed", metadata: ["stream.name": "\(request.stream)", "error": "\(error)"])
            return .deny(.unavailable, "the sidecar could not decide (\(error)); try again")
        }
    }

    /// Accepts the publisher, or tells why not. A different client already live is only
    /// replaced once it is known to be gone: it said so with `on_unpublish` moments ago (the
    /// reconnect window is open), or the media server confirms it no longer has it (SRS may
    /// have lost its `on_unpublish`, as it never retries one). A second encoder must not steal
    /// a stream.
    private func admit(_ request: PublishRequest, roomId: String) async throws -> HookDecision {
        switch try await transition(request, roomId: roomId, replacing: nil) {
        case .decided(let decision):
            return decision
        case .busy(let holder):
            let replacement: Replacement
            if await reconnect.droppedPublisher(roomId: roomId) == holder {
                // No need to ask SRS: the holder's own on_unpublish told us it left.
                replacement = .returning(holder)
            } else if try await env.control.isConnected(clientId: holder) {
                return .deny(.busy, "the room is already live from another publisher")
            } else {
                env.logger.notice("replacing a publisher the media server no longer has", metadata: ["room.id": "\(roomId)"])
                replacement = .gone(holder)
            }
            if case .decided(let decision) = try await transition(request, roomId: roomId, replacing: replacement) {
                return decision
            }
            return .deny(.busy, "the room is already live from another publisher")
        }
    }

    private enum Admission: Sendable {
        case decided(HookDecision)
        case busy(holder: String)
    }

    /// Why a live room's publisher may be replaced.
    private enum Replacement: Sendable {
        /// The media server no longer has it: a new publish, announced with `room.live`.
        case gone(String)
        /// It left inside the reconnect window: the same broadcast goes on, so the room keeps
        /// its live and playable state and no event is sent.
        case returning(String)

        var clientId: String {
            switch self {
            case .gone(let id), .returning(let id): id
            }
        }
    }

    private struct Started: Sendable {
        var room: Room
        /// The dropped publisher's place was taken inside the reconnect window.
        var resumed: Bool
    }

    private func transition(_ request: PublishRequest, roomId: String, replacing: Replacement?) async throws -> Admission {
        let now = env.now()
        let tokens = env.tokens
        let (admission, started) = try await env.store.mutateRoom(.id(roomId)) { current -> RoomDecision<(Admission, Started?)> in
            guard let room = current, room.liveId == request.stream else {
                return .unchanged((.decided(.deny(.unknownStream, "the room was closed")), nil))
            }
            let credentials = PublishCredentials.check(request.params, room: room, tokens: tokens, now: now)
            guard credentials.allowed else { return .unchanged((.decided(credentials), nil)) }
            if let suspension = room.suspension {
                return .unchanged((.decided(.deny(.suspended, "the room is suspended: \(suspension.reason)")), nil))
            }
            var resumed = false
            if let publisher = room.publisher, room.status == .live {
                if publisher.clientId == request.clientId { return .unchanged((.decided(.allow), nil)) }  // a duplicate hook
                if publisher.clientId != replacing?.clientId { return .unchanged((.busy(holder: publisher.clientId), nil)) }
                if case .returning = replacing { resumed = true }
            }
            var live = room
            live.publisher = Publisher(
                clientId: request.clientId, ip: request.ip, since: now, streamId: request.streamId,
                serverId: request.serverId, serviceId: request.serviceId, sessionId: Identifiers.random()
            )
            if resumed { return RoomDecision(write: .update(live), result: (.decided(.allow), Started(room: live, resumed: true))) }
            live.status = .live
            live.statusSince = now
            live.playable = false
            live.playableSince = nil
            return RoomDecision(
                write: .update(live), events: [.room(.roomLive, live)], result: (.decided(.allow), Started(room: live, resumed: false)))
        }
        if let started {
            if started.resumed, let dropped = replacing?.clientId {
                await reconnect.close(roomId: roomId, clientId: dropped)
                env.logger.info("publisher came back inside the reconnect window", metadata: [
                    "room.id": "\(roomId)", "client.id": "\(request.clientId)", "client.previous": "\(dropped)"])
            } else {
                env.logger.info("publish accepted", metadata: ["room.id": "\(roomId)", "client.id": "\(request.clientId)"])
            }
            // A new session either way: its HLS is checked again (a room that stayed
            // playable stays so, and the readiness record follows the new session).
            await readiness.start(started.room)
            await reportHost(live: true, roomId: roomId)
        }
        return admission
    }

    /// A new HLS segment: the moment to check playability again.
    public func segmentWritten(app: String, stream: String) async {
        await readiness.nudge(liveId: LiveIds.strip(stream))
        await connections?.segmentWritten(liveId: LiveIds.strip(stream))
    }

    /// Tells the room's connection that its host came or went. A failure is logged: the
    /// room's own change is made, and the connection's grace timer or the next hook corrects it.
    func reportHost(live: Bool, roomId: String) async {
        guard let connections else { return }
        do {
            if live { try await connections.hostPublished(roomId: roomId) } else { try await connections.hostLeft(roomId: roomId) }
        } catch {
            env.logger.error("the connection was not told of its host", metadata: ["room.id": "\(roomId)", "error": "\(error)"])
        }
    }
}
