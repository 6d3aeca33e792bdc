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

    public init(env: SidecarEnvironment, readiness: ReadinessMonitor, viewers: ViewerRegistry) {
        self.env = env
        self.readiness = readiness
        self.viewers = viewers
    }

    /// A client may connect only to our app.
    public func connect(app: String) -> HookDecision {
        app == env.media.app ? .allow : .deny(.unknownApp, "unknown app \"\(app)\" (expected \"\(env.media.app)\")")
    }

    public func publish(_ request: PublishRequest) async -> HookDecision {
        guard request.app == env.media.app else { return connect(app: request.app) }
        do {
            guard let room = try await env.store.room(liveId: request.stream) else {
                return .deny(.unknownStream, "no room streams as \"\(request.stream)\"")
            }
            if let ban = try await env.store.ban(owner: room.owner), ban.isActive(at: env.now()) {
                return .deny(.banned, "the owner is banned: \(ban.reason)")
            }
            // A key the snapshot already refuses needs no lock and no write transaction (the
            // transaction checks again, so a key rotated in between still counts).
            let precheck = PublishCredentials.check(request.params, room: room, tokens: env.tokens, now: env.now())
            guard precheck.allowed else { return precheck }
            return try await env.locks.withLock(room.id) { try await admit(request, roomId: room.id) }
        } catch {
            env.logger.error("publish refused: a dependency failed", metadata: ["stream.name": "\(request.stream)", "error": "\(error)"])
            return .deny(.unavailable, "the sidecar could not decide (\(error)); try again")
        }
    }

    /// Accepts the publisher, or tells why not. A different client already live is only
    /// replaced once the media server confirms that client is gone: SRS may have lost its
    /// `on_unpublish` (it never retries one), but a second encoder must not steal a stream.
    private func admit(_ request: PublishRequest, roomId: String) async throws -> HookDecision {
        switch try await transition(request, roomId: roomId, replacing: nil) {
        case .decided(let decision):
            return decision
        case .busy(let holder):
            if try await env.control.isConnected(clientId: holder) {
                return .deny(.busy, "the room is already live from another publisher")
            }
            env.logger.notice("replacing a publisher the media server no longer has", metadata: ["room.id": "\(roomId)"])
            if case .decided(let decision) = try await transition(request, roomId: roomId, replacing: holder) {
                return decision
            }
            return .deny(.busy, "the room is already live from another publisher")
        }
    }

    private enum Admission: Sendable {
        case decided(HookDecision)
        case busy(holder: String)
    }

    private func transition(_ request: PublishRequest, roomId: String, replacing holder: String?) async throws -> Admission {
        let now = env.now()
        let tokens = env.tokens
        let (admission, started) = try await env.store.mutateRoom(.id(roomId)) { current -> RoomDecision<(Admission, Room?)> in
            guard let room = current, room.liveId == request.stream else {
                return .unchanged((.decided(.deny(.unknownStream, "the room was closed")), nil))
            }
            let credentials = PublishCredentials.check(request.params, room: room, tokens: tokens, now: now)
            guard credentials.allowed else { return .unchanged((.decided(credentials), nil)) }
            if let suspension = room.suspension {
                return .unchanged((.decided(.deny(.suspended, "the room is suspended: \(suspension.reason)")), nil))
            }
            if let publisher = room.publisher, room.status == .live {
                if publisher.clientId == request.clientId { return .unchanged((.decided(.allow), nil)) }  // a duplicate hook
                if publisher.clientId != holder { return .unchanged((.busy(holder: publisher.clientId), nil)) }
            }
            var live = room
            live.status = .live
            live.statusSince = now
            live.playable = false
            live.playableSince = nil
            live.publisher = Publisher(
                clientId: request.clientId, ip: request.ip, since: now, streamId: request.streamId,
                serverId: request.serverId, serviceId: request.serviceId, sessionId: Identifiers.random()
            )
            return RoomDecision(write: .update(live), events: [.room(.roomLive, live)], result: (.decided(.allow), live))
        }
        if let started {
            env.logger.info("publish accepted", metadata: ["room.id": "\(started.id)", "client.id": "\(request.clientId)"])
            await readiness.start(started)
        }
        return admission
    }

    /// Only the client that is publishing can end the publish: a late `on_unpublish` of an
    /// older client changes nothing.
    public func unpublish(_ request: StreamEndRequest) async {
        do {
            guard let room = try await env.store.room(liveId: request.liveId) else { return }
            try await env.locks.withLock(room.id) {
                let ended = try await env.store.mutateRoom(.id(room.id)) { current -> RoomDecision<Bool> in
                    guard var room = current, room.status == .live, room.publisher?.clientId == request.clientId else {
                        return .unchanged(false)
                    }
                    room.status = .idle
                    room.statusSince = env.now()
                    room.publisher = nil
                    room.playable = false
                    room.playableSince = nil
                    return RoomDecision(write: .update(room), events: [.room(.roomIdle, room)], result: true)
                }
                if ended {
                    await readiness.stop(roomId: room.id)
                    env.logger.info("publish ended", metadata: ["room.id": "\(room.id)", "client.id": "\(request.clientId)"])
                }
            }
        } catch {
            env.logger.error("unpublish not recorded", metadata: ["stream.name": "\(request.stream)", "error": "\(error)"])
        }
    }

    /// A new HLS segment: the moment to check playability again.
    public func segmentWritten(app: String, stream: String) async {
        await readiness.nudge(liveId: LiveIds.strip(stream))
    }
}
