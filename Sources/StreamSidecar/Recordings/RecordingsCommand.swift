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

func parseDate(_ text: String, _ name: String) throws -> Date {
    if let date = try? Date(text, strategy: .iso8601) { return date }
    throw ValidationError("\(name) must be an ISO 8601 date such as 2026-11-22T10:15:00Z")
}

/// Wraps values of different types for one JSON object.
struct AnyEncodable: Encodable {
    let encode: (any Encoder) throws -> Void
    init(_ value: some Encodable) { encode = value.encode }
    func encode(to encoder: any Encoder) throws { try encode(encoder) }
}
