import Foundation
import HLSProbe

enum InspectionBench {
    /// Inspecting from memory, as the probe does with a fetched segment.
    static func inspectFromMemory(path: String, runs: Int) throws -> Stats {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let inspector = MediaInspector()
        return try Stats.measure(runs: runs) { _ = try inspector.inspect(bytes: bytes) }
    }

    static func inProcess(path: String, runs: Int) throws -> Stats {
        try inspectFromMemory(path: path, runs: runs)
    }

    /// What a hand-written sidecar does today: one ffprobe process per segment.
    static func ffprobe(path: String, runs: Int) throws -> Stats {
        try Stats.measure(runs: runs, warmup: 1) {
            try Workspace.run("ffprobe", ["-v", "error", "-show_streams", "-show_format", path])
        }
    }
}
