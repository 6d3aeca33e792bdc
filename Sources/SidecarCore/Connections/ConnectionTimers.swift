import Foundation

/// The connections' deadlines (pending timeout, grace periods), kept in memory: after a
/// restart the daemon ends the open connections it ran (`ConnectionService.recover`).
actor ConnectionTimers {
    private struct Timer {
        var token: UUID
        var task: Task<Void, Never>
    }

    private var timers: [String: Timer] = [:]

    /// Runs `action` after `delay` unless cancelled first; replaces a timer of the same key.
    func schedule(_ key: String, after delay: Duration, _ action: @escaping @Sendable () async -> Void) {
        timers[key]?.task.cancel()
        let token = UUID()
        let task = Task { [weak self] in
            try? await Task.sleep(for: delay)
            guard !Task.isCancelled, await self?.fire(key, token) == true else { return }
            await action()
        }
        timers[key] = Timer(token: token, task: task)
    }

    func cancel(_ key: String) {
        timers.removeValue(forKey: key)?.task.cancel()
    }

    func isScheduled(_ key: String) -> Bool { timers[key] != nil }

    func cancelAll() {
        for timer in timers.values { timer.task.cancel() }
        timers = [:]
    }

    /// Whether the timer that woke up is still the one scheduled under `key` (then it is done).
    private func fire(_ key: String, _ token: UUID) -> Bool {
        guard timers[key]?.token == token else { return false }
        timers[key] = nil
        return true
    }
}
