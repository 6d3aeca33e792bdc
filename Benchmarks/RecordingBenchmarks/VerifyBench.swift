import Foundation
import Logging
import SidecarAdapters
import SidecarCore
import SidecarStore

/// 1,000 real recordings (copies of a fixture) in a temporary root: indexes them through
/// `recordingFinished` (what `on_dvr` does), then runs a full verify (re-stat, re-inspect
/// every file with the real inspector, write each row back) and reports files per second.
enum VerifyBench {
    static let defaultFixture = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/recordings/sample.flv").path

    static func run(files: Int, fixture: String?, parallelism: Int) async throws {
        let source = fixture ?? defaultFixture
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bench-verify-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let root = folder + "/dvr"
        try FileManager.default.createDirectory(atPath: root + "/live", withIntermediateDirectories: true)
        guard let realRoot = RecordingPath.systemRealpath(root) else { throw BenchError("no root") }
        let size = (try FileManager.default.attributesOfItem(atPath: source)[.size] as? Int) ?? 0
        let old = Date().addingTimeInterval(-3600)
        var paths: [String] = []
        for index in 0..<files {
            let path = realRoot + "/live/" + String(format: "stream%04d.%d.flv", index % 100, 1_795_374_821_255 + index)
            try FileManager.default.copyItem(atPath: source, toPath: path)
            try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: path)
            paths.append(path)
        }
        var logger = Logger(label: "bench")
        logger.logLevel = .warning
        let store = try SQLiteRoomStore(path: folder + "/sidecar.sqlite", logger: logger)
        try await store.migrate()
        let service = RecordingService(
            store: store, inspector: MediaRecordingInspector(),
            settings: RecordingSettings(roots: [realRoot], parallelism: parallelism), logger: logger)
        print("\(files) files of \(size) bytes (\(URL(fileURLWithPath: source).lastPathComponent)), \(parallelism) inspections at a time")

        let indexStart = ContinuousClock.now
        for (index, path) in paths.enumerated() {
            let outcome = await service.recordingFinished(
                path: path, cwd: nil, app: "live", liveId: String(format: "stream%04d", index % 100), clientId: nil)
            guard case .indexed = outcome else { throw BenchError("not indexed: \(outcome)") }
        }
        let indexed = milliseconds(ContinuousClock.now - indexStart) / 1000
        print(String(format: "  on_dvr indexing (one at a time): %.1f files/s (%.2f ms each)", Double(files) / indexed, indexed * 1000 / Double(files)))

        for pass in 1...3 {
            let report = try await service.verify(dryRun: false)
            guard report.checked == files, report.ready == files else { throw BenchError("verify saw \(report.checked) / \(report.ready) ready") }
            print(String(format: "  verify pass %d: %d files in %.2f s = %.0f files/s (%.1f MB/s)", pass, report.checked, report.seconds,
                         Double(report.checked) / report.seconds, Double(report.checked * size) / report.seconds / 1e6))
        }
        let dry = try await service.verify(dryRun: true)
        print(String(format: "  verify --dry-run: %.0f files/s", Double(dry.checked) / dry.seconds))
    }
}
