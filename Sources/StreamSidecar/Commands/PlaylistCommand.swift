import ArgumentParser
import Foundation
import HLSProbe

struct PlaylistCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "playlist",
        abstract: "Parse and validate an HLS playlist (exit 1 when it cannot be parsed)."
    )

    @Argument(help: "A file path or an http(s) URL.")
    var source: String

    @OptionGroup var output: OutputOptions

    func run() async throws {
        let limits = PlaylistParser.Limits.default
        let playlist: Playlist
        do {
            if let url = SourceLoader.httpURL(source) {
                let bytes = try await SourceLoader.fetch(url, maxBytes: limits.maxBytes)
                playlist = try PlaylistParser(limits: limits).parse(bytes, baseURL: url)
            } else {
                let bytes = try SourceLoader.read(path: source, maxBytes: limits.maxBytes)
                playlist = try PlaylistParser(limits: limits).parse(bytes, baseURL: URL(fileURLWithPath: source))
            }
        } catch {
            SourceLoader.fail("\(source): \(error)")
        }
        let report = PlaylistReport(playlist, violations: PlaylistValidator.validate(playlist))
        if output.json {
            try JSONOutput.print(report)
        } else {
            print(PlaylistText.render(report, source: source))
        }
    }
}
