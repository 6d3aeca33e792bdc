/// The wall-clock end of one inspection. FFmpeg's interrupt callback and the memory read
/// callback get an unretained pointer to it, so the format context's owner keeps it alive.
///
/// Immutable after init, so `Sendable` needs no further argument.
final class Deadline: Sendable {
    private let end: ContinuousClock.Instant

    init(after timeout: Duration) {
        // Clamp so that a caller's "forever" cannot overflow the instant arithmetic.
        let limit = Duration.seconds(86_400 * 365)
        end = .now + max(.zero, min(timeout, limit))
    }

    var expired: Bool { ContinuousClock.now >= end }
}

/// AVIOInterruptCB.callback: non-zero tells FFmpeg to give up (it then returns AVERROR_EXIT).
let deadlineInterruptCallback: @convention(c) (UnsafeMutableRawPointer?) -> Int32 = { opaque in
    guard let opaque else { return 0 }
    return Unmanaged<Deadline>.fromOpaque(opaque).takeUnretainedValue().expired ? 1 : 0
}
