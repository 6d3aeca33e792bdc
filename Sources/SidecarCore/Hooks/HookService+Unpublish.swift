import Foundation
import Logging

extension HookService {
    /// Only the client that is publishing can end the publish: a late `on_unpublish` of an
    /// older client changes nothing. With a reconnect window the room stays live for a while,
    /// in case the encoder comes back as a new client.
    public func unpublish(_ request: StreamEndRequest) async {
        do {
            guard let room = try await env.store.room(liveId: request.liveId) else {
                try await connections?.unpublished(request)
                return
            }
            try await env.locks.withLock(room.id) {
                if reconnect.isEnabled {
                    try await openWindow(roomId: room.id, clientId: request.clientId)
                } else if try await endPublish(roomId: room.id, clientId: request.clientId) {
                    env.logger.info("publish ended", metadata: ["room.id": "\(room.id)", "client.id": "\(request.clientId)"])
                }
            }
        } catch {
            env.logger.error("unpublish not recorded", metadata: ["stream.name": "\(request.stream)", "error": "\(error)"])
        }
    }

    /// Keeps the room live with its dropped publisher until the window ends. Nothing is
    /// written: the room only changes if nobody comes back.
    private func openWindow(roomId: String, clientId: String) async throws {
        guard let room = try await env.store.room(id: roomId), room.status == .live, room.publisher?.clientId == clientId else { return }
        if try await mayNotReturn(room) {
            // Kicked by a suspension or a ban: its publish would be refused, so it is over now.
            if try await endPublish(roomId: roomId, clientId: clientId) {
                env.logger.info("publish ended", metadata: ["room.id": "\(roomId)", "client.id": "\(clientId)"])
            }
            return
        }
        // Nothing to watch while nobody publishes; a returning publisher starts a new watch.
        await readiness.stop(roomId: roomId)
        // The mixer of a connection cannot read a host that is gone: a placeholder stands in.
        await reportHost(live: false, roomId: roomId)
        await reconnect.open(roomId: roomId, clientId: clientId) { [self] in
            await windowExpired(roomId: roomId, clientId: clientId)
        }
        env.logger.info("publisher left; waiting for it to reconnect", metadata: [
            "room.id": "\(roomId)", "client.id": "\(clientId)", "reconnect.window": "\(reconnect.duration)"])
    }

    private func mayNotReturn(_ room: Room) async throws -> Bool {
        if room.suspension != nil { return true }
        return try await env.store.ban(owner: room.owner)?.isActive(at: env.now()) == true
    }

    /// Nobody came back in time: the publish is over after all.
    private func windowExpired(roomId: String, clientId: String) async {
        do {
            try await env.locks.withLock(roomId) {
                // A publisher that came back closed the window under this same lock.
                guard await reconnect.expire(roomId: roomId, clientId: clientId) else { return }
                if try await endPublish(roomId: roomId, clientId: clientId) {
                    env.logger.info("publish ended; the publisher did not reconnect", metadata: [
                        "room.id": "\(roomId)", "client.id": "\(clientId)"])
                }
            }
        } catch {
            // The room stays live; reconciliation will find the publisher gone.
            env.logger.error("idle after the reconnect window not recorded", metadata: ["room.id": "\(roomId)", "error": "\(error)"])
        }
    }

    /// Makes the room idle if `clientId` is still its publisher; true when it did.
    private func endPublish(roomId: String, clientId: String) async throws -> Bool {
        let now = env.now()
        let ended = try await env.store.mutateRoom(.id(roomId)) { current -> RoomDecision<Bool> in
            guard var room = current, room.status == .live, room.publisher?.clientId == clientId else {
                return .unchanged(false)
            }
            room.status = .idle
            room.statusSince = now
            room.publisher = nil
            room.playable = false
            room.playableSince = nil
            return RoomDecision(write: .update(room), events: [.room(.roomIdle, room)], result: true)
        }
        if ended {
            await readiness.stop(roomId: roomId)
            await reportHost(live: false, roomId: roomId)
        }
        return ended
    }
}
