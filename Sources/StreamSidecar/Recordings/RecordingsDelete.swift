import ArgumentParser
import Foundation
import SidecarCore

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
