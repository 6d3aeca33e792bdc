import Foundation

/// A temporary folder for media the benchmark makes with ffmpeg.
struct Workspace {
    struct Failure: Error, CustomStringConvertible { let description: String }

    let root: URL

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("hlsprobe-bench-\(getpid())")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(at: root) }

    /// The large case: 2 s of 1280x720 30 fps H.264 + AAC in MPEG-TS.
    func make720pSegment() throws -> String {
        let path = root.appendingPathComponent("seg720.ts").path
        try Self.run("ffmpeg", [
            "-nostdin", "-loglevel", "error", "-y",
            "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30",
            "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
            "-t", "2", "-c:v", "libx264", "-preset", "veryfast", "-g", "60", "-pix_fmt", "yuv420p",
            "-c:a", "aac", "-b:a", "96k", "-f", "mpegts", path,
        ])
        return path
    }

    /// Runs a tool found on PATH and waits for it; fails with its name when it is missing.
    @discardableResult
    static func run(_ tool: String, _ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch {
            throw Failure(description: "cannot run \(tool): \(error) (scripts/setup.sh --test installs it)")
        }
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "\(tool) exited \(process.terminationStatus)")
        }
        return process.terminationStatus
    }
}
