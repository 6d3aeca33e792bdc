import Foundation
import Synchronization

/// A child process of the suite (nginx, the daemon, ffmpeg) with its output in a log file,
/// stopped by pid: a signal, then SIGKILL for it and its children if it does not exit in time.
///
/// Started with `posix_spawn` rather than Foundation's `Process`, which passes on the test
/// process's signal mask: there SIGINT and SIGTERM are blocked, and ffmpeg, which does not
/// unblock them, could then only be stopped with SIGKILL (no clean end of the stream).
final class ManagedProcess: Sendable {
    let name: String
    let logURL: URL
    let pid: pid_t
    /// The raw wait status once reaped.
    private let status = Mutex<Int32?>(nil)

    init(name: String, executable: URL, arguments: [String], environment: [String: String] = [:], logDirectory: URL) throws {
        self.name = name
        logURL = logDirectory.appendingPathComponent("\(name).log")
        let environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        pid = try Self.spawn(
            executable.path, arguments: [executable.path] + arguments,
            environment: environment.map { "\($0.key)=\($0.value)" }, log: logURL.path)
    }

    var isRunning: Bool { reap() == nil }

    /// The exit status once it has exited (128 + the signal when a signal ended it), nil
    /// while it runs.
    var exitStatus: Int32? {
        guard let raw = reap() else { return nil }
        let signal = raw & 0x7f
        return signal == 0 ? (raw >> 8) & 0xff : 128 + signal
    }

    /// Waits up to `timeout` for it to exit by itself; its status, or nil if still running.
    func waitForExit(timeout: Duration) async -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while isRunning && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
        return exitStatus
    }

    /// Stops it (idempotent) and returns its exit status.
    @discardableResult
    func stop(signal: Int32 = SIGTERM, grace: Duration = .seconds(10)) async -> Int32 {
        if isRunning {
            kill(pid, signal)
            if await waitForExit(timeout: grace) == nil {
                // nginx's workers outlive a SIGKILLed master: take them down too.
                for child in Self.children(of: pid) { kill(child, SIGKILL) }
                kill(pid, SIGKILL)
                while isRunning { try? await Task.sleep(for: .milliseconds(20)) }
            }
        }
        return exitStatus ?? -1
    }

    /// The last `lines` lines of its output.
    func logTail(_ lines: Int = 30) -> String {
        log.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines).joined(separator: "\n")
    }

    var log: String { (try? String(contentsOf: logURL, encoding: .utf8)) ?? "" }

    /// `waitpid` without blocking; the status is kept once the child is reaped.
    private func reap() -> Int32? {
        status.withLock { status in
            if status == nil {
                var raw: Int32 = 0
                if waitpid(pid, &raw, WNOHANG) == pid { status = raw }
            }
            return status
        }
    }

    /// glibc's `posix_spawn_file_actions_addclosefrom_np`, which Swift's Glibc module does not
    /// declare: looked up by name (as swift-subprocess does).
    private static let addCloseFrom: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32)? = {
        guard let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self)
    }()

    /// `posix_spawn` with an empty signal mask and default signal handling, stdin from
    /// /dev/null, stdout and stderr appended to `log`, and no other descriptor.
    private static func spawn(_ path: String, arguments: [String], environment: [String], log: String) throws -> pid_t {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGPIPE, SIGCHLD, SIGUSR1, SIGUSR2] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // Nothing else of the test process: an inherited socket stays open as long as the
        // child lives. A server socket of another suite's harness, inherited by an nginx
        // started meanwhile, was closed by its server and yet sent no FIN until that nginx
        // exited (the connection-close test then waited 20 s for an answer's end).
        guard let closeFrom = Self.addCloseFrom, closeFrom(&actions, 3) == 0 else {
            throw E2EError("cannot start \(path): posix_spawn_file_actions_addclosefrom_np (glibc 2.34+) is missing")
        }

        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
        guard result == 0 else { throw E2EError("cannot start \(path): \(String(cString: strerror(result)))") }
        return pid
    }

    /// Processes whose parent is `pid`, from /proc (field 4 of /proc/<pid>/stat, after the
    /// command name in parentheses, which may itself contain blanks).
    static func children(of pid: pid_t) -> [pid_t] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { entry -> pid_t? in
            guard let child = pid_t(entry),
                let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { return nil }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 1 && pid_t(fields[1]) == pid ? child : nil
        }
    }
}
