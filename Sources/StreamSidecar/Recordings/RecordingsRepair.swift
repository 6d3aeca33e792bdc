import ArgumentParser
import Foundation
import SidecarCore

struct RecordingsRepair: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repair",
        abstract: "Remux the readable media of a damaged recording or a crash leftover into a new file, and index it.",
        discussion: "The original is kept unless --remove-original. An MP4 without its index cannot be read, so it cannot be repaired.")

    @OptionGroup var options: RecordingsOptions
    @Argument(help: "A recording id, or a file under a root (e.g. live/room1.1795374877671.flv.tmp).") var target: String
    @Flag(help: "Say what would be written; write nothing.") var dryRun = false
    @Flag(help: "Delete the original after a successful repair.") var removeOriginal = false

    func run() async throws {
        let (target, dryRun, remove) = (target, dryRun, removeOriginal)
        let report = try await options.withService { service in
            try await service.repair(target, dryRun: dryRun, removeOriginal: remove)
        }
        if options.json {
            try JSONOutput.print(report)
        } else {
            print("\(dryRun ? "would repair" : "repaired") \(report.input) -> \(report.output)")
            if let summary = report.summary {
                print("  \(summary.packets) packets, \(summary.dropped) dropped, \(RecordingsText.duration(summary.duration)), "
                    + RecordingsText.bytes(summary.bytes))
                if let error = summary.inputError { print("  the input ended in damage: \(error)") }
            }
            if let recording = report.recording { print("  indexed as \(recording.id) (\(recording.status.rawValue))") }
            if report.removedOriginal { print("  original removed") }
        }
    }
}
