import Foundation
import Logging

/// Watches a room's HLS from an accepted publish until it is playable (or the publish ends):
/// the platform's 3 × 3 s rule (the first check one interval after the publish), then a
/// check every few seconds, and a check at once whenever the media server reports a new
/// segment (`on_hls`), so `playable` turns true within about a second of the first usable
/// segment.
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
        var sessionId: String
        var liveId: String
        var wake: WakeSignal
        var task: Task<Void, Never>
    }

    private let env: SidecarEnvironment
    private let checker: any ReadinessChecking
    private let settings: Settings
    private var watches: [String: Watch] = [:]
    private var roomByLiveId: [String: String] = [:]

    public init(env: SidecarEnvironment, checker: any ReadinessChecking, settings: Settings = Settings()) {
        self.env = env
        self.checker = checker
        self.settings = settings
    }

    /// Starts watching a room's new publish session (replacing any older watch).
    public func start(_ room: Room) {
        guard let session = room.publisher?.sessionId else { return }
        stop(roomId: room.id)
        let wake = WakeSignal()
        let watcher = ReadinessWatcher(env: env, checker: checker, settings: settings, roomId: room.id, sessionId: session, liveId: room.liveId)
        let task = Task { await watcher.run(wake: wake) }
        watches[room.id] = Watch(sessionId: session, liveId: room.liveId, wake: wake, task: task)
        roomByLiveId[room.liveId] = room.id
    }

    public func stop(roomId: String) {
        guard let watch = watches.removeValue(forKey: roomId) else { return }
        watch.task.cancel()
        roomByLiveId[watch.liveId] = nil
    }

    /// A new segment of `liveId` was written: check now instead of at the next interval.
    public func nudge(liveId: String) {
        guard let roomId = roomByLiveId[liveId] else { return }
        watches[roomId]?.wake.signal()
    }

    /// How many rooms are being watched (for metrics and tests).
    public var watchedCount: Int { watches.count }

    /// Checks once now (the API's `?refresh=true`), records the verdict, and marks the room
    /// playable when it is. Returns nil when the room is not live.
    public func checkNow(_ room: Room) async -> ReadinessCheck? {
        guard let session = room.publisher?.sessionId, room.status == .live else { return nil }
        let watcher = ReadinessWatcher(env: env, checker: checker, settings: settings, roomId: room.id, sessionId: session, liveId: room.liveId)
        return await watcher.checkOnce()
    }

    /// Stops every watch (daemon shutdown).
    public func stopAll() {
        for roomId in Array(watches.keys) { stop(roomId: roomId) }
    }
}
