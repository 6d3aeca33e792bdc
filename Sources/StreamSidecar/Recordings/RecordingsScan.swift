import ArgumentParser
import Foundation
import SidecarCore

struct RecordingsScan: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Find files under the roots the index does not know and adopt them; report crash leftovers.",
        discussion: "Nothing is deleted. With --dry-run nothing is indexed either.")

    @OptionGroup var options: RecordingsOptions
    @Flag(help: "List orphans without adopting them.") var dryRun = false

    func run() async throws {
        let dryRun = dryRun
        let report = try await options.withService { service in try await service.scan(dryRun: dryRun) }
        if options.json {
            try JSONOutput.print(report)
            return
        }
        print("\(report.files) media files; \(report.orphans.count) not in the index"
            + (dryRun ? " (dry run: not adopted)" : " (adopted)") + "; \(report.leftovers.count) crash leftovers")
        if !report.orphans.isEmpty {
            print(RecordingsText.table(
                ["FILE", "SIZE", "STATUS", "ID"],
                report.orphans.map {
                    [$0.file, RecordingsText.bytes($0.size), $0.status.rawValue + ($0.reason.map { " (\($0))" } ?? ""),
                     $0.recording?.id ?? "-"]
                }))
        }
        if !report.leftovers.isEmpty {
            print("crash leftovers (repair with: stream-sidecar recordings repair <file or id>):")
            print(RecordingsText.table(
                ["FILE", "KIND", "SIZE", "REPAIRABLE"],
                report.leftovers.map { [$0.file, $0.kind.rawValue, RecordingsText.bytes($0.size), $0.repairable ? "yes" : "no"] }))
        }
        for file in report.busy { print("skipped (still written): \(file)") }
    }
}
