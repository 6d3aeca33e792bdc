import ArgumentParser
import Foundation
import SidecarCore

struct RecordingsPrune: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prune", abstract: "Apply the retention rules now (--dry-run lists what would go).")

    @OptionGroup var options: RecordingsOptions
    @Flag(help: "List what would be deleted; delete nothing.") var dryRun = false

    func run() async throws {
        let dryRun = dryRun
        let report = try await options.withService { service in
            guard service.settings.retention.deletesAnything else {
                throw RecordingsFailure(description: "no retention rule with max-age or max-bytes is configured (recordings.retention)")
            }
            return try await service.applyRetention(dryRun: dryRun, cause: "cli")
        }
        if options.json {
            try JSONOutput.print(report)
        } else {
            let verb = dryRun ? "would delete" : "deleted"
            print("\(verb) \(report.deleted.count) recordings, \(RecordingsText.bytes(report.freedBytes))")
            if !report.deleted.isEmpty {
                print(RecordingsText.table(
                    ["ID", "STARTED (UTC)", "SIZE", "RULE", "FILE"],
                    report.deleted.map {
                        [$0.recording.id, RecordingsText.time($0.recording.startedAt), RecordingsText.bytes($0.recording.size), $0.rule,
                         $0.recording.file]
                    }))
            }
            for kept in report.kept { print("kept \(kept.id): \(kept.reason)") }
            for failure in report.failures { print("failed \(failure.id): \(failure.error)") }
        }
        if !report.failures.isEmpty { throw ExitCode(1) }
    }
}
