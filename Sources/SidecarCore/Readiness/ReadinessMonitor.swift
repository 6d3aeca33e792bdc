import Foundation
import HeapModule
import Logging

/// Watches a room's HLS from an accepted publish until it is playable (or the publish ends):
/// the platform's 3 × 3 s rule (the first check one interval after the publish), then a
/// check every few seconds, and a check at once whenever the media server reports a new
/// segment (`on_hls`), so `playable` turns true within about a second of the first usable
/// segment.
///
/// A watch is an entry in a table, not a task: one timer serves them all, and a task runs only
/// while a check does. Starting or stopping a watch is therefore two dictionary operations,
/// which matters because every accepted publish starts one and most publishes that end within
/// the first interval (a reconnecting encoder, a test stream) never need a check. A task and a
/// sleep per watch cost each publish a task, a task group and a timer on Dispatch's timer
/// thread, some tenth of a durable publish/unpublish pair's CPU.
public actor ReadinessMonitor {
    public struct Settings: Sendable, Equatable {
        /// Checks before `room.not_playable` is reported (the 3 of 3 × 3 s).
        public var attempts: Int = 3
        /// Pause between those first checks.
        public var interval: Duration = .seconds(3)
        /// Pause between checks after that, until playable or unpublished.
        public var recheckInterval: Duration = .seconds(2)

        public init(attempts: Int = 3, interval: Duration = .seconds(3), recheckInterval: Duration = .seconds(2)) {
            self.attempts = max(1, attempts)
            self.interval = interval
            self.recheckInterval = recheckInterval
        }
    }

    private struct Watch {
        var watcher: ReadinessWatcher
        /// When the next check is due; nil while one runs.
        var due: ContinuousClock.Instant?
        /// The running check, cancelled when the watch stops.
        var check: Task<Void, Never>?
        /// Checks done so far.
        var checks = 0
        /// A segment was reported while a check ran: check again as soon as it ends.
        var nudged = false
    }

    /// A due time in the timer's queue. Entries are not removed when their watch stops or
    /// moves: one whose watch no longer has that due time is skipped when it comes up.
    private struct Deadline: Comparable {
        var due: ContinuousClock.Instant
        var roomId: String
        static func < (a: Deadline, b: Deadline) -> Bool { a.due < b.due }
    }

    private let env: SidecarEnvironment
    private let checker: any ReadinessChecking
    private let settings: Settings
    private let clock = ContinuousClock()
    private var watches: [String: Watch] = [:]
    private var roomByLiveId: [String: String] = [:]
    private var deadlines = Heap<Deadline>()
    /// The one sleeping timer and the time it wakes at.
    private var timer: (task: Task<Void, Never>, due: ContinuousClock.Instant)?

    public init(env: SidecarEnvironment, checker: any ReadinessChecking, settings: Settings = Settings()) {
        self.env = env
        self.checker = checker
        self.settings = settings
    }

    /// Starts watching a room's new publish session (replacing any older watch).
    ///
    /// The media server asks `on_publish` before it takes the stream: no segment of this
    /// session can exist yet, and a playlist found now would be an older session's. So the
    /// first check waits one interval, or less when a segment is reported first (`on_hls`).
    public func start(_ room: Room) {
        guard let session = room.publisher?.sessionId else { return }
        stop(roomId: room.id)
        let watcher = ReadinessWatcher(env: env, checker: checker, roomId: room.id, sessionId: session, liveId: room.liveId)
        watches[room.id] = Watch(watcher: watcher)
        roomByLiveId[room.liveId] = room.id
        schedule(room.id, at: clock.now + settings.interval)
    }

    public func stop(roomId: String) {
        guard let watch = watches.removeValue(forKey: roomId) else { return }
        watch.check?.cancel()
        roomByLiveId[watch.watcher.liveId] = nil
    }

    /// A new segment of `liveId` was written: check now instead of at the next interval.
    public func nudge(liveId: String) {
        guard let roomId = roomByLiveId[liveId], var watch = watches[roomId] else { return }
        if watch.check != nil {
            watch.nudged = true
            watches[roomId] = watch
        } else {
            runCheck(roomId)
        }
    }

    /// How many rooms are being watched (for metrics and tests).
    public var watchedCount: Int { watches.count }

    /// Checks once now (the API's `?refresh=true`), records the verdict, and marks the room
    /// playable when it is. Returns nil when the room is not live.
    public func checkNow(_ room: Room) async -> ReadinessCheck? {
        guard let session = room.publisher?.sessionId, room.status == .live else { return nil }
        let watcher = ReadinessWatcher(env: env, checker: checker, roomId: room.id, sessionId: session, liveId: room.liveId)
        return await watcher.checkOnce()
    }

    /// Stops every watch (daemon shutdown).
    public func stopAll() {
        for roomId in Array(watches.keys) { stop(roomId: roomId) }
        timer?.task.cancel()
        timer = nil
        deadlines = Heap()
    }

    // MARK: Timer

    private func schedule(_ roomId: String, at due: ContinuousClock.Instant) {
        watches[roomId]?.due = due
        deadlines.insert(Deadline(due: due, roomId: roomId))
        armTimer()
    }

    /// Makes the timer wake at the earliest live deadline. Watches all wait the same interval,
    /// so a new one is rarely the earliest: the timer sleeping for an older one stays as it is.
    private func armTimer() {
        while let first = deadlines.min, watches[first.roomId]?.due != first.due {
            deadlines.removeMin()  // its watch stopped, or checks at another time now
        }
        guard let next = deadlines.min?.due else { return }
        if let timer, timer.due <= next { return }
        timer?.task.cancel()
        let task = Task { [clock] in
            // Runs on the actor: nothing can replace the timer between this check and the call.
            guard (try? await clock.sleep(until: next)) != nil, !Task.isCancelled else { return }
            self.timerFired()
        }
        timer = (task, next)
    }

    private func timerFired() {
        timer = nil
        let now = clock.now
        while let first = deadlines.min, first.due <= now {
            deadlines.removeMin()
            if watches[first.roomId]?.due == first.due { runCheck(first.roomId) }
        }
        armTimer()
    }

    // MARK: Checks

    private func runCheck(_ roomId: String) {
        guard var watch = watches[roomId], watch.check == nil else { return }
        let watcher = watch.watcher
        watch.due = nil
        watch.nudged = false
        watch.check = Task {
            let check = await watcher.checkOnce()
            await self.checkEnded(roomId, session: watcher.sessionId, check)
        }
        watches[roomId] = watch
    }

    /// Ends the watch when the room is playable or its session is over; otherwise counts the
    /// check, reports `room.not_playable` after the first round, and schedules the next one.
    private func checkEnded(_ roomId: String, session: String, _ check: ReadinessCheck?) async {
        guard var watch = watches[roomId], watch.watcher.sessionId == session, !Task.isCancelled else { return }
        guard let check, !check.ready else {
            stop(roomId: roomId)
            return
        }
        watch.checks += 1
        watches[roomId] = watch
        if watch.checks == settings.attempts {
            // Still marked running, so a nudge meanwhile waits for the report to be written.
            await watch.watcher.reportNotPlayable(check)
            guard watches[roomId]?.watcher.sessionId == session, !Task.isCancelled else { return }
        }
        watches[roomId]?.check = nil
        if watches[roomId]?.nudged == true {
            runCheck(roomId)
        } else {
            schedule(roomId, at: clock.now + (watch.checks < settings.attempts ? settings.interval : settings.recheckInterval))
        }
    }
}
