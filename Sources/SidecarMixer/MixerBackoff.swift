/// How long a crashed mixer waits before its next start: doubling from `initial` up to
/// `maximum`, back to `initial` after a run that lasted `stableAfter`.
public struct MixerBackoff: Sendable, Equatable {
    public var initial: Duration
    public var maximum: Duration
    public var stableAfter: Duration

    public init(initial: Duration = .milliseconds(500), maximum: Duration = .seconds(10), stableAfter: Duration = .seconds(30)) {
        self.initial = initial
        self.maximum = maximum
        self.stableAfter = stableAfter
    }

    /// The pause before the start after `failures` failed runs in a row (1 = the first).
    public func delay(afterFailures failures: Int) -> Duration {
        guard failures > 0 else { return .zero }
        var delay = initial
        for _ in 1..<min(failures, 32) {
            delay = delay * 2
            if delay >= maximum { return maximum }
        }
        return min(delay, maximum)
    }
}
