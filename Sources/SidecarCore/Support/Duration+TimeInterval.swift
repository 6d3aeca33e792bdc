import Foundation

extension Duration {
    /// This duration in (fractional) seconds, for `Date` arithmetic. Package-wide: the
    /// stores convert leases the same way the domain converts its timeouts.
    package var timeInterval: TimeInterval {
        let (seconds, attoseconds) = components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}
