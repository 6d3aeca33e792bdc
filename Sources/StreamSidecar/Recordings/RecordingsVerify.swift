import ArgumentParser
import Foundation
import SidecarCore

struct RecordingsVerify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Re-stat and re-inspect recordings; mark missing and corrupt ones (exit 1 when any is).",
        discussion: "Nothing is deleted. With --dry-run the index is not changed either.")

    @OptionGroup var options: RecordingsOptions
    @Option(help: "Only this room's recordings.") var roomId: String?
    @Flag(help: "Report what changed without writing it.") var dryRun = false

    func run() async throws {
        let (roomId, dryRun) = (roomId, dryRun)
        let report = try await options.withService { service in
            try await service.verify(RecordingFilter(roomId: roomId), dryRun: dryRun)
        }
        if options.json {
            try JSONOutput.print(report)
        } else {
            print("\(report.checked) checked in \(String(format: "%.2f", report.seconds)) s: \(report.ready) ready, "
                + "\(report.corrupt) corrupt, \(report.missing) missing; \(report.skipped.count) skipped (still written)"
                + (dryRun ? " (dry run: nothing written)" : ""))
            if !report.changed.isEmpty {
                print(RecordingsText.table(
                    ["ID", "BEFORE", "AFTER", "REASON", "FILE"],
                    report.changed.map { [$0.id, $0.before.rawValue, $0.after.rawValue, $0.reason ?? "-", $0.file] }))
            }
        }
        if report.missing > 0 || report.corrupt > 0 { throw ExitCode(1) }
    }
}
