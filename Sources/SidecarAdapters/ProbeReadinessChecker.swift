import Foundation
import HLSProbe
import SidecarCore

/// The domain's "check this room's HLS once", answered by HLSProbe. One attempt per check:
/// the retry rhythm (3 × 3 s, then every few seconds, sooner on `on_hls`) is the
/// `ReadinessMonitor`'s job.
public struct ProbeReadinessChecker: ReadinessChecking {
    private let probe: ReadinessProbe
    private let options: ProbeOptions

    public init(probe: ReadinessProbe, minSegments: Int = 1) {
        self.probe = probe
        self.options = ProbeOptions(attempts: 1, interval: .zero, minSegments: minSegments)
    }

    public func check(hlsURL: String) async -> ReadinessCheck {
        guard let url = URL(string: hlsURL) else {
            return ReadinessCheck(ready: false, reason: ReadinessReason.invalidURL.rawValue, message: "bad HLS URL \(hlsURL)", verdict: Data("null".utf8))
        }
        let verdict = await probe.probe(url, options: options)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let json = (try? encoder.encode(verdict)) ?? Data("null".utf8)
        return ReadinessCheck(ready: verdict.ready, reason: verdict.reason?.rawValue, message: verdict.message, verdict: json)
    }
}
