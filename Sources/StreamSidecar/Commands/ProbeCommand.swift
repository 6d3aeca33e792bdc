import ArgumentParser
import Foundation
import HLSProbe

struct ProbeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Check whether a live HLS stream is playable now (exit 0 when ready, 1 when not)."
    )

    @Argument(help: "The m3u8 URL (a master playlist's variants are followed).")
    var url: String

    @Option(help: "How many times to check before giving up.")
    var attempts = 3

    @Option(help: "Seconds between attempts.")
    var interval = 3.0

    @Option(help: "Fewest segments the playlist must list (3 is RFC 8216's safe start).")
    var minSegments = 1

    @Flag(help: "Accept a stream without video.")
    var allowAudioOnly = false

    @Flag(help: "Accept a playlist that has ended (VOD).")
    var allowEnded = false

    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard attempts >= 1 else { throw ValidationError("--attempts must be at least 1") }
        guard interval >= 0, interval.isFinite else { throw ValidationError("--interval must be zero or more seconds") }
        guard minSegments >= 0 else { throw ValidationError("--min-segments cannot be negative") }
    }

    func run() async throws {
        guard let target = URL(string: url) else { throw ValidationError("not a URL: \(url)") }
        let http = CurlHTTPClient()
        defer { http.shutdown() }
        let probe = ReadinessProbe(http: http)
        let options = ProbeOptions(
            attempts: attempts, interval: .seconds(interval), minSegments: minSegments,
            allowAudioOnly: allowAudioOnly, allowEnded: allowEnded
        )
        let verdict = await probe.probe(target, options: options)
        if output.json {
            try JSONOutput.print(verdict)
        } else {
            print(VerdictText.render(verdict))
        }
        if !verdict.ready { throw ExitCode(1) }
    }
}
