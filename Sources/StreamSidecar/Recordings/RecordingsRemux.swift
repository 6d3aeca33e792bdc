import ArgumentParser
import Foundation
import SidecarCore

struct RecordingsRemux: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remux", abstract: "Remux a ready FLV recording into an MP4 with fast start, for web playback.")

    @OptionGroup var options: RecordingsOptions
    @Argument(help: "The FLV recording's id.") var id: String

    func run() async throws {
        let id = id
        let recording = try await options.withService { service in try await service.remuxToMP4(id: id) }
        if options.json { try JSONOutput.print(RecordingView(recording)) } else { print(RecordingsText.show(recording)) }
    }
}
