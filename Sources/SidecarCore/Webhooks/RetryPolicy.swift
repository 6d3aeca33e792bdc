import Foundation

/// When to try a failed webhook delivery again, and when to give up.
///
/// Exponential backoff with "equal jitter": the n-th retry waits between half and all of
/// `min(cap, base × 2^(n-1))`, so receivers that failed together (a deploy, an outage) are
/// not hit again in lockstep, and no wait is ever near zero. A delivery older than `maxAge`
/// becomes a dead letter instead of being retried.
public struct RetryPolicy: Sendable, Equatable {
    public var base: Duration
    public var cap: Duration
    public var maxAge: Duration

    public init(base: Duration = .seconds(1), cap: Duration = .seconds(600), maxAge: Duration = .seconds(86_400)) {
        self.base = base
        self.cap = cap
        self.maxAge = maxAge
    }

    /// The outcome of attempt number `attempt` (1-based) that failed at `now`.
    /// - Parameter unit: a random number in [0, 1) (injected so tests are exact).
    public func afterFailure(attempt: Int, createdAt: Date, now: Date, unit: Double = .random(in: 0..<1)) -> DeliveryResult.Outcome {
        let ceiling = delayCeiling(attempt: attempt)
        let wait = ceiling / 2 + ceiling / 2 * max(0, min(unit, 1))
        let next = now.addingTimeInterval(wait)
        if next.timeIntervalSince(createdAt) > maxAge.timeInterval { return .dead }
        return .retry(at: next)
    }

    /// The upper bound of the wait after attempt `attempt`, in seconds.
    public func delayCeiling(attempt: Int) -> Double {
        let exponent = Double(max(0, min(attempt - 1, 62)))
        return min(cap.timeInterval, base.timeInterval * pow(2, exponent))
    }
}
