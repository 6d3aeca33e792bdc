import Foundation
import Logging

// Nonisolated: the corrections touch only immutable parts of the service, and run under
// the per-room locks, which take plain (non-isolated) closures.
extension ReconcileService {
    /// Makes the room idle if it is still live from the very session found gone, and its
    /// reconnect window has not opened meanwhile (a hook that ran since wins).
    nonisolated func makeIdle(_ gone: ReconcileCorrections.GonePublisher, report: inout ReconcileReport) async {
        let now = env.now()
        let reconnect = self.reconnect
        do {
            let idled = try await env.locks.withLock(gone.roomId) { () async throws -> Bool in
                if await reconnect.droppedPublisher(roomId: gone.roomId) != nil { return false }
                return try await env.store.mutateRoom(.id(gone.roomId)) { current -> RoomDecision<Bool> in
                    guard var room = current, room.status == .live, room.publisher?.sessionId == gone.sessionId else {
                        return .unchanged(false)
                    }
                    room.status = .idle
                    room.statusSince = now
                    room.publisher = nil
                    room.playable = false
                    room.playableSince = nil
                    let payload = RoomEventPayload(room, reason: Self.idleReason, reconciled: true)
                    return RoomDecision(write: .update(room), events: [EventDraft(.roomIdle, roomId: room.id, payload: payload)], result: true)
                }
            }
            guard idled else { return }
            await readiness.stop(roomId: gone.roomId)
            try await connections?.hostLeft(roomId: gone.roomId)
            report.roomsIdled.append(gone.roomId)
            env.logger.notice("room made idle: its publisher is gone from the media server", metadata: [
                "room.id": "\(gone.roomId)", "client.id": "\(gone.clientId)"])
        } catch {
            report.failures += 1
            env.logger.error("reconciliation could not make a room idle; retrying next pass", metadata: [
                "room.id": "\(gone.roomId)", "error": "\(error)"])
        }
    }

    /// Kicks a publisher no room accepted, after checking once more under the room's lock:
    /// the snapshot may show a publish whose `on_publish` was accepted after our read.
    nonisolated func kick(_ publisher: ReconcileCorrections.UnacceptedPublisher, report: inout ReconcileReport) async {
        do {
            let room = try await env.store.room(liveId: publisher.liveId)
            // A stream with no room at all still takes a lock, on a key no room id can have.
            let kicked = try await env.locks.withLock(room?.id ?? "liveId/\(publisher.liveId)") { () async throws -> Bool in
                let current = try await env.store.room(liveId: publisher.liveId)
                if Reconciler.isAccepted(current, clientId: publisher.clientId) { return false }
                if current == nil, let connections,
                    try await connections.isAcceptedPublisher(liveId: publisher.liveId, clientId: publisher.clientId)
                {
                    return false  // a connection's guest or mixer
                }
                env.logger.warning("kicking a publisher the sidecar never accepted", metadata: [
                    "stream.name": "\(publisher.liveId)", "client.id": "\(publisher.clientId)", "room.id": "\(current?.id ?? "-")"])
                return try await env.control.kick(clientId: publisher.clientId)
            }
            if kicked { report.publishersKicked.append(publisher.clientId) }
        } catch {
            report.failures += 1
            env.logger.error("reconciliation could not kick a publisher; retrying next pass", metadata: [
                "stream.name": "\(publisher.liveId)", "client.id": "\(publisher.clientId)", "error": "\(error)"])
        }
    }

    nonisolated func removeViewers(_ removed: [ViewerSession], report: inout ReconcileReport) {
        guard !removed.isEmpty else { return }
        report.viewersRemoved += removed.map(\.key)
        for session in removed {
            env.logger.debug("viewer dropped: gone from the media server", metadata: [
                "room.id": "\(session.roomId)", "client.id": "\(session.clientId)"])
        }
        env.logger.info("viewers dropped: gone from the media server", metadata: ["viewers": "\(removed.count)"])
    }
}
