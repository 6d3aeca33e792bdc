import Foundation

/// What one attempt found: the checks of every media playlist it looked at.
struct AttemptResult: Sendable {
    var checks: [MediaPlaylistCheck]
    var fetches: [FetchReport]
    /// Set when the attempt failed before reaching any media playlist (the master, the URL).
    var failure: (reason: ReadinessReason, message: String)?
    var isMaster: Bool

    var ready: Bool { failure == nil && !checks.isEmpty && checks.allSatisfy(\.ready) }

    /// The check that decides the verdict: the first failing one, else the first.
    var deciding: MediaPlaylistCheck? { checks.first { !$0.ready } ?? checks.first }

    var reason: ReadinessReason? {
        if let failure { return failure.reason }
        return ready ? nil : deciding?.reason
    }

    var message: String {
        if let failure { return failure.message }
        guard let deciding else { return "no media playlist was checked" }
        if ready && checks.count > 1 { return "all \(checks.count) variants are ready; \(deciding.message)" }
        return isMaster && checks.count > 1 ? "variant \(deciding.url): \(deciding.message)" : deciding.message
    }

    static func invalidURL(_ url: URL) -> AttemptResult {
        AttemptResult(
            checks: [], fetches: [],
            failure: (.invalidURL, "\(url.absoluteString) is not an http or https URL"), isMaster: false
        )
    }

    static func cancelled(_ url: URL) -> AttemptResult {
        AttemptResult(checks: [], fetches: [], failure: (.cancelled, "the probe was cancelled"), isMaster: false)
    }

    func report(number: Int, startedAt: Duration, endedAt elapsed: Duration) -> ProbeAttempt {
        ProbeAttempt(
            number: number, startedAt: startedAt.seconds, elapsed: elapsed.seconds,
            ready: ready, reason: reason, message: message, fetches: fetches
        )
    }

    func verdict(url: URL, attempts: [ProbeAttempt], elapsed: Double) -> ReadinessVerdict {
        ReadinessVerdict(
            ready: ready, reason: reason, message: message, url: url.absoluteString,
            attempts: attempts, playlist: deciding?.playlist, segment: deciding?.segment,
            variants: isMaster ? checks : nil, elapsed: elapsed
        )
    }
}
