import Synchronization

/// Tells whoever follows the outbox (the webhook dispatcher, each event stream) that new
/// events may have been committed, so they read them now instead of at their next poll.
///
/// The store calls `notify()` after a commit that appended events. A notification is a hint,
/// never data: followers always read the outbox itself, so a spurious or a missed one costs at
/// most one poll interval, never an event.
public final class EventSignal: Sendable {
    private struct State {
        var nextId: UInt64 = 0
        var followers: [UInt64: WakeSignal] = [:]
    }

    private let state = Mutex(State())

    public init() {}

    public func notify() {
        let followers = state.withLock { Array($0.followers.values) }
        for follower in followers { follower.signal() }
    }

    /// A follower's wake-up; it stops receiving notifications when released.
    public func follow() -> EventFollower {
        let signal = WakeSignal()
        let id = state.withLock { state -> UInt64 in
            state.nextId += 1
            state.followers[state.nextId] = signal
            return state.nextId
        }
        return EventFollower(signal: signal) { [weak self] in
            self?.state.withLock { _ = $0.followers.removeValue(forKey: id) }
        }
    }
}

public final class EventFollower: Sendable {
    private let signal: WakeSignal
    private let cancel: @Sendable () -> Void

    init(signal: WakeSignal, cancel: @escaping @Sendable () -> Void) {
        self.signal = signal
        self.cancel = cancel
    }

    deinit { cancel() }

    /// Returns at the next notification (or one that arrived since the last wait), after
    /// `timeout`, or when the task is cancelled.
    public func wait(upTo timeout: Duration) async {
        await signal.wait(upTo: timeout)
    }

    /// Wakes this follower only (e.g. the dispatcher when one of its deliveries finished).
    public func poke() {
        signal.signal()
    }
}
