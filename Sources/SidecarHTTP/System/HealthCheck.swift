import Synchronization

/// `/healthz`'s store check, run at most once per `maxAge`.
///
/// A probe (a load balancer, Kubernetes, a benchmark) may call `/healthz` thousands of times a
/// second; reading the store for each call would make the health route a load on the store
/// of its own, and the slowest route of the daemon. Instead the answer is the last check's,
/// at most `maxAge` old, and callers that find it stale share one new check.
public final class HealthCheck: Sendable {
    private let check: @Sendable () async -> Bool
    private let maxAge: Duration
    private let clock = ContinuousClock()
    private let state = Mutex(State())

    private struct State {
        var last: (healthy: Bool, at: ContinuousClock.Instant)?
        var running: Task<Bool, Never>?
    }

    private enum Answer {
        case known(Bool)
        case pending(Task<Bool, Never>)
    }

    public init(maxAge: Duration = .seconds(1), check: @escaping @Sendable () async -> Bool) {
        self.check = check
        self.maxAge = maxAge
    }

    /// True when the latest check (at most `maxAge` old) found the store answering.
    public func isHealthy() async -> Bool {
        let now = clock.now
        let answer: Answer = state.withLock { state in
            if let last = state.last, now - last.at < maxAge { return .known(last.healthy) }
            if let running = state.running { return .pending(running) }
            let task = Task { [check] in await check() }
            state.running = task
            return .pending(task)
        }
        let task: Task<Bool, Never>
        switch answer {
        case .known(let result): return result
        case .pending(let running): task = running
        }
        let result = await task.value
        let finished = clock.now
        state.withLock { state in
            // The first caller to see the check end records it; later ones find it recorded.
            if state.running == task {
                state.last = (result, finished)
                state.running = nil
            }
        }
        return result
    }
}
