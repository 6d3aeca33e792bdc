import Foundation
import HLSProbe

/// A probe wired to a manual clock and a client with short timeouts, so no test waits.
struct ProbeHarness {
    let clock = ManualProbeClock()
    let http: CurlHTTPClient
    let probe: ReadinessProbe

    /// The default timeout is generous: these tests run in parallel on small CI machines, and
    /// the timeout behaviour itself is tested with an explicit short one.
    init(totalTimeout: Duration = .seconds(10)) {
        var configuration = CurlHTTPClient.Configuration()
        configuration.totalTimeout = totalTimeout
        http = CurlHTTPClient(configuration: configuration)
        probe = ReadinessProbe(http: http, clock: clock)
    }

    func run(_ url: URL, _ options: ProbeOptions = ProbeOptions()) async -> ReadinessVerdict {
        await probe.probe(url, options: options)
    }
}
