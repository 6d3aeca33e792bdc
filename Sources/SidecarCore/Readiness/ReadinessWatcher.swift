import Foundation
import Logging

/// The loop behind one watched publish session; it stops when its task is cancelled.
struct ReadinessWatcher: Sendable {
    let env: SidecarEnvironment
    let checker: any ReadinessChecking
    let settings: ReadinessMonitor.Settings
    let roomId: String
    let sessionId: String
    let liveId: String

    func run(wake: WakeSignal) async {
        // The media server asks `on_publish` before it takes the stream: no segment of this
        // session can exist yet, and a playlist found now would be an older session's. So the
        // first check waits one interval, or less when a segment is reported first (`on_hls`).
        // A publish that ends within the interval costs no probe and no write.
        await wake.wait(upTo: settings.interval)
        var checks = 0
        while !Task.isCancelled {
            guard let check = await checkOnce() else { return }
            if check.ready || Task.isCancelled { return }
            checks += 1
            if checks == settings.attempts { await reportNotPlayable(check) }
            await wake.wait(upTo: checks < settings.attempts ? settings.interval : settings.recheckInterval)
        }
    }

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
    private func reportNotPlayable(_ check: ReadinessCheck) async {
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
