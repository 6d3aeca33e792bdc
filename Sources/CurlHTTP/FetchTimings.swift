/// Where the time of one fetch went, as libcurl measured it (CURLINFO_*_TIME_T, microseconds).
///
/// All three durations count from the start of the transfer and are reported so that
/// `connect <= firstByte <= total`. After redirects they cover the whole chain of hops. In the
/// timings of a failed fetch, a phase that was never reached reads as the phase before it.
public struct FetchTimings: Sendable, Hashable, CustomStringConvertible {
    /// Until the TCP (and TLS) connection was ready; near zero when a cached connection was reused.
    public var connect: Duration
    /// Until the first byte of the response arrived (time to first byte).
    public var firstByte: Duration
    /// The whole transfer, body included.
    public var total: Duration
    /// True when no new connection was opened (CURLINFO_NUM_CONNECTS was 0).
    public var reusedConnection: Bool

    public init(connect: Duration, firstByte: Duration, total: Duration, reusedConnection: Bool) {
        self.connect = connect
        self.firstByte = firstByte
        self.total = total
        self.reusedConnection = reusedConnection
    }

    public var description: String {
        "connect \(connect), first byte \(firstByte), total \(total)\(reusedConnection ? ", reused" : "")"
    }
}
