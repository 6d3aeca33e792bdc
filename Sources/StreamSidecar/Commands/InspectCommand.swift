import ArgumentParser
import Foundation
import HLSProbe

struct InspectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Print the media information of one segment or recording (exit 1 when unreadable)."
    )

    @Argument(help: "A file path or an http(s) URL.")
    var source: String

    @OptionGroup var output: OutputOptions

    func run() async throws {
        let inspector = MediaInspector()
        let info: MediaInfo
        do {
            if let url = SourceLoader.httpURL(source) {
                let bytes = try await SourceLoader.fetch(url, maxBytes: InspectOptions().maxInputBytes)
                info = try await inspector.inspectAsync(bytes: bytes)
            } else {
                info = try await inspector.inspectAsync(path: source)
            }
        } catch {
            SourceLoader.fail("\(source): \(error)")
        }
        if output.json {
            try JSONOutput.print(info)
        } else {
            print(MediaInfoText.render(info, source: source))
        }
    }
}
