import ArgumentParser
import Foundation
import SidecarCore

struct RecordingsShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one recording.")

    @OptionGroup var options: RecordingsOptions
    @Argument(help: "The recording id.") var id: String

    func run() async throws {
        let id = id
        let recording = try await options.withService { service in try await service.get(id: id) }
        if options.json { try JSONOutput.print(RecordingView(recording)) } else { print(RecordingsText.show(recording)) }
    }
}
