import Foundation
import Logging

/// One watched publish session's checks: what a check records, and the report after the
/// first round. `ReadinessMonitor` decides when they run.
struct ReadinessWatcher: Sendable {
    let env: SidecarEnvironment
    let checker: any ReadinessChecking
    let roomId: String
    let sessionId: String
    let liveId: String

    /// One check: record the verdict, and flip the room to playable when it is.
    /// Returns nil when the check could not be recorded because the session is over.
    func checkOnce() async -> ReadinessCheck? {
        let check = await checker.check(hlsURL: env.media.hlsURL(liveId: liveId))
        if Task.isCancelled { return check }
        do {
            try await env.store.saveReadiness(ReadinessRecord(
                roomId: roomId, sessionId: sessionId, checkedAt: env.now(), ready: check.ready,
                reason: check.reason, verdict: check.verdict))
            if check.ready { try await markPlayable() }
        } catch {
            env.logger.error("readiness not recorded", metadata: ["room.id": "\(roomId)", "error": "\(error)"])
        }
        return check
    }

    private func markPlayable() async throws {
        let now = env.now()
        let session = sessionId
        let flipped = try await env.store.mutateRoom(.id(roomId)) { current -> RoomDecision<Bool> in
            guard var room = current, room.status == .live, room.publisher?.sessionId == session, !room.playable else {
                return .unchanged(false)
            }
            room.playable = true
            room.playableSince = now
            return RoomDecision(write: .update(room), events: [.room(.roomPlayable, room)], result: true)
        }
        if flipped { env.logger.info("room playable", metadata: ["room.id": "\(roomId)"]) }
    }

    /// After the first round of checks failed: tell the platform why, once per session.
    func reportNotPlayable(_ check: ReadinessCheck) async {
        let session = sessionId
        let reason = check.reason.map { "\($0): \(check.message)" } ?? check.message
        do {
            try await env.store.mutateRoom(.id(roomId)) { current -> RoomDecision<Void> in
                guard let room = current, room.publisher?.sessionId == session, !room.playable else { return .unchanged(()) }
                return RoomDecision(write: .none, events: [.room(.roomNotPlayable, room, reason: reason)], result: ())
            }
        } catch {
            env.logger.error("room.not_playable not recorded", metadata: ["room.id": "\(roomId)", "error": "\(error)"])
        }
    }
}
