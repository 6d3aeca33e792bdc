import Foundation

/// A child process of the suite (nginx, the daemon, ffmpeg) with its output in a log file,
/// stopped by pid: SIGTERM, then SIGKILL for it and its children if it does not exit in time.
final class ManagedProcess: @unchecked Sendable {
    // @unchecked: `process` is only started in init; afterwards it is read (isRunning, pid,
    // status) and signalled, which Foundation's Process allows from any thread.
    let name: String
    let logURL: URL
    private let process = Process()

    init(name: String, executable: URL, arguments: [String], environment: [String: String] = [:], logDirectory: URL) throws {
        self.name = name
        logURL = logDirectory.appendingPathComponent("\(name).log")
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        let log = try FileHandle(forWritingTo: logURL)
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        try process.run()
        try? log.close()
    }

    var isRunning: Bool { process.isRunning }
    var pid: Int32 { process.processIdentifier }

    /// The exit status once it has exited, nil while it runs.
    var exitStatus: Int32? { process.isRunning ? nil : process.terminationStatus }

    /// Waits up to `timeout` for it to exit by itself; its status, or nil if still running.
    func waitForExit(timeout: Duration) async -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
        return exitStatus
    }

    /// Stops it (idempotent) and returns its exit status.
    @discardableResult
    func stop(signal: Int32 = SIGTERM, grace: Duration = .seconds(10)) async -> Int32 {
        if process.isRunning {
            kill(pid, signal)
            if await waitForExit(timeout: grace) == nil {
                // nginx's workers outlive a SIGKILLed master: take them down too.
                for child in Self.children(of: pid) { kill(child, SIGKILL) }
                kill(pid, SIGKILL)
                while process.isRunning { try? await Task.sleep(for: .milliseconds(20)) }
            }
        }
        return process.terminationStatus
    }

    /// The last `lines` lines of its output.
    func logTail(_ lines: Int = 30) -> String {
        let text = (try? String(contentsOf: logURL, encoding: .utf8)) ?? ""
        return text.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines).joined(separator: "\n")
    }

    var log: String { (try? String(contentsOf: logURL, encoding: .utf8)) ?? "" }

    /// Processes whose parent is `pid`, from /proc (field 4 of /proc/<pid>/stat, after the
    /// command name in parentheses, which may itself contain blanks).
    static func children(of pid: Int32) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { entry -> Int32? in
            guard let child = Int32(entry),
                let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { return nil }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 1 && Int32(fields[1]) == pid ? child : nil
        }
    }
}
