import Foundation
import Logging

/// Decides whether a player can start on a live HLS stream now, the way the platform's
/// clients used to by hand (fetch the m3u8, retry 3 times 3 s apart), but precisely: the
/// playlist is valid, live and advancing, and its newest segment starts with a keyframe that
/// decodes.
///
/// One probe instance is meant to be shared: its HTTP client reuses connections across
/// attempts and probes, and its history notices a playlist that stopped advancing.
public struct ReadinessProbe: Sendable {
    let http: CurlHTTPClient
    let inspector: MediaInspector
    let clock: any ProbeClock
    let history: PlaylistHistory
    let logger: Logger

    public init(
        http: CurlHTTPClient,
        inspector: MediaInspector = MediaInspector(),
        clock: any ProbeClock = ContinuousProbeClock(),
        logger: Logger = Logger(label: "hls-probe")
    ) {
        self.http = http
        self.inspector = inspector
        self.clock = clock
        self.history = PlaylistHistory()
        self.logger = logger
    }

    /// Checks `url` up to `options.attempts` times, `options.interval` apart, stopping at the
    /// first attempt that finds the stream ready. Never throws: every failure is a verdict.
    public func probe(_ url: URL, options: ProbeOptions = ProbeOptions()) async -> ReadinessVerdict {
        let start = clock.elapsed
        var attempts: [ProbeAttempt] = []
        var last = AttemptResult.invalidURL(url)
        if Self.isHTTP(url) {
            for number in 1...options.attempts {
                if number > 1 {
                    do { try await clock.sleep(for: options.interval) } catch { break }
                }
                if Task.isCancelled { break }
                let attemptStart = clock.elapsed
                last = await attempt(url, options: options)
                attempts.append(last.report(number: number, startedAt: attemptStart - start, endedAt: clock.elapsed - attemptStart))
                logger.debug(
                    "probe attempt",
                    metadata: [
                        "probe.url": "\(url.absoluteString)", "probe.attempt": "\(number)",
                        "probe.reason": "\(last.reason?.rawValue ?? "ready")",
                    ]
                )
                if last.ready { break }
            }
            if attempts.isEmpty || (!last.ready && Task.isCancelled) {
                last = .cancelled(url)
            }
        }
        return last.verdict(url: url, attempts: attempts, elapsed: (clock.elapsed - start).seconds)
    }

    static func isHTTP(_ url: URL) -> Bool {
        guard let scheme = url.scheme?.lowercased(), url.host != nil else { return false }
        return scheme == "http" || scheme == "https"
    }
}

extension Duration {
    /// Seconds as a Double, for reports and JSON.
    var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
