import ArgumentParser
import Foundation
import SidecarCore

/// `stream-sidecar recordings ...`: the recordings index for operators, working directly on
/// the configured store (safe while the daemon runs: every change is one transaction, and
/// nothing still being written is deleted or repaired).
struct RecordingsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recordings",
        abstract: "List, show, verify, prune, scan, repair and delete recordings (on the configured store).",
        discussion: """
            Run beside the daemon with the same configuration (--config, SIDECAR_* or the flags below). \
            Commands that change anything accept --dry-run. See docs/recordings.md.
            """,
        subcommands: [
            RecordingsList.self, RecordingsShow.self, RecordingsVerify.self, RecordingsPrune.self, RecordingsDelete.self,
            RecordingsScan.self, RecordingsRepair.self, RecordingsRemux.self,
        ]
    )
}

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

struct RecordingsDelete: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete", abstract: "Delete recordings: their files and their rows (never one still being written).")

    @OptionGroup var options: RecordingsOptions
    @Argument(help: "Recording ids.") var ids: [String]
    @Flag(help: "Say what would be deleted; delete nothing.") var dryRun = false

    func validate() throws {
        if ids.isEmpty { throw ValidationError("give at least one recording id") }
    }

    func run() async throws {
        let (ids, dryRun) = (ids, dryRun)
        let results = try await options.withService { service in
            var results: [DeleteResult] = []
            for id in ids {
                do {
                    if dryRun {
                        let recording = try await service.get(id: id)
                        if let busy = try await service.deletionBlocker(recording) {
                            results.append(DeleteResult(id: id, deleted: false, file: recording.relativePath, error: "cannot be deleted yet: \(busy)"))
                        } else {
                            results.append(DeleteResult(id: id, deleted: false, file: recording.relativePath, error: nil))
                        }
                    } else {
                        let recording = try await service.delete(id: id, cause: "cli")
                        results.append(DeleteResult(id: id, deleted: true, file: recording.relativePath, error: nil))
                    }
                } catch {
                    results.append(DeleteResult(id: id, deleted: false, file: nil, error: "\(error)"))
                }
            }
            return results
        }
        if options.json {
            try JSONOutput.print(["dryRun": AnyEncodable(dryRun), "results": AnyEncodable(results)])
        } else {
            for result in results {
                if let error = result.error {
                    print("\(result.id): \(error)")
                } else {
                    print("\(result.id): \(dryRun ? "would delete" : "deleted") \(result.file ?? "")")
                }
            }
        }
        if results.contains(where: { $0.error != nil }) { throw ExitCode(1) }
    }

    struct DeleteResult: Codable, Sendable {
        var id: String
        var deleted: Bool
        var file: String?
        var error: String?
    }
}

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

private func parseDate(_ text: String, _ name: String) throws -> Date {
    if let date = try? Date(text, strategy: .iso8601) { return date }
    throw ValidationError("\(name) must be an ISO 8601 date such as 2026-11-22T10:15:00Z")
}

/// Wraps values of different types for one JSON object.
struct AnyEncodable: Encodable {
    let encode: (any Encoder) throws -> Void
    init(_ value: some Encodable) { encode = value.encode }
    func encode(to encoder: any Encoder) throws { try encode(encoder) }
}
