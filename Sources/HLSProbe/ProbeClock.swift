import Synchronization

/// The time source of a probe: how long since an origin, and how to wait.
///
/// Injected so tests can run the 3 × 3 s rule and staleness windows without sleeping.
public protocol ProbeClock: Sendable {
    /// Monotonic time elapsed since an arbitrary, fixed origin.
    var elapsed: Duration { get }
    /// Waits for `duration`, throwing `CancellationError` when the task is cancelled.
    func sleep(for duration: Duration) async throws
}

/// Real time, from `ContinuousClock`.
public struct ContinuousProbeClock: ProbeClock {
    private let origin = ContinuousClock.now

    public init() {}

    public var elapsed: Duration { ContinuousClock.now - origin }

    public func sleep(for duration: Duration) async throws {
        try await Task.sleep(for: duration)
    }
}

/// A clock that only moves when told to, or when something sleeps on it.
///
/// Sleeping advances the time at once, so a probe with a 3 s interval runs instantly
/// while its staleness arithmetic still sees the 3 s.
public final class ManualProbeClock: ProbeClock {
    private let now = Mutex<Duration>(.zero)

    public init() {}

    public var elapsed: Duration { now.withLock { $0 } }

    public func advance(by duration: Duration) {
        now.withLock { $0 += duration }
    }

    public func sleep(for duration: Duration) async throws {
        try Task.checkCancellation()
        advance(by: duration)
    }
}
