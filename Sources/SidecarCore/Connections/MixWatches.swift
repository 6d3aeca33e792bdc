import Foundation

/// Probes each mixing connection's HLS until it is playable: every `interval`, or at once
/// when the media server reports a new segment of the mix (SRS's `on_hls`).
actor MixWatches {
    private struct Watch {
        var liveId: String
        var wake: WakeSignal
        var task: Task<Void, Never>
    }

    private var watches: [String: Watch] = [:]

    /// Starts (or restarts) the watch of connection `id`; `check` returns true to stop.
    func start(id: String, liveId: String, interval: Duration, check: @escaping @Sendable () async -> Bool) {
        stop(id: id)
        let wake = WakeSignal()
        let task = Task {
            while !Task.isCancelled {
                if await check() { return }
                await wake.wait(upTo: interval)
            }
        }
        watches[id] = Watch(liveId: liveId, wake: wake, task: task)
    }

    func stop(id: String) {
        watches.removeValue(forKey: id)?.task.cancel()
    }

    func nudge(liveId: String) {
        for watch in watches.values where watch.liveId == liveId { watch.wake.signal() }
    }

    var count: Int { watches.count }

    func stopAll() {
        for watch in watches.values { watch.task.cancel() }
        watches = [:]
    }
}
