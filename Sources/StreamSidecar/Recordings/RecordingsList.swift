import ArgumentParser
import Foundation
import SidecarCore

struct RecordingsList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List recordings, newest first.")

    @OptionGroup var options: RecordingsOptions
    @Option(help: "Only this room's recordings.") var roomId: String?
    @Option(help: "Only this owner's recordings.") var owner: String?
    @Option(help: "Only this live id's recordings.") var liveId: String?
    @Option(help: "ready, corrupt or missing.") var status: String?
    @Option(help: "Started at or after (ISO 8601).") var from: String?
    @Option(help: "Started before (ISO 8601).") var to: String?
    @Option(help: "At most this many (1-500).") var limit = 50
    @Option(help: "The next page, as printed after the last one.") var cursor: String?

    func run() async throws {
        var filter = RecordingFilter(roomId: roomId, owner: owner, liveId: liveId)
        if let status {
            guard let parsed = RecordingStatus(rawValue: status) else { throw ValidationError("--status must be ready, corrupt or missing") }
            filter.status = parsed
        }
        filter.from = try from.map { try parseDate($0, "--from") }
        filter.to = try to.map { try parseDate($0, "--to") }
        let (limit, cursor, json, query) = (limit, cursor, options.json, filter)
        let page = try await options.withService { service in try await service.list(query, cursor: cursor, limit: limit) }
        if json {
            try JSONOutput.print(RecordingViewPage(page))
        } else {
            print(RecordingsText.list(page.recordings))
            if let next = page.next { print("more: --cursor \(next.encoded)") }
        }
    }
}
