import Foundation
import Logging
import SidecarCore
import Subprocess

#if canImport(System)
import System
#else
import SystemPackage
#endif

/// `MixerControl` with ffmpeg processes started through swift-subprocess, one supervised
/// process per connection: restarted with backoff when it exits or stalls (no progress
/// report for `stallTimeout`), restarted at once with a new spec when an input comes or
/// goes, stopped with SIGTERM and then SIGKILL.
public actor FFmpegMixer: MixerControl {
    public struct Settings: Sendable {
        /// The ffmpeg executable: a path, or a name looked up on PATH.
        public var ffmpeg: String
        public var backoff: MixerBackoff
        /// No progress report for this long: the process is killed and restarted.
        public var stallTimeout: Duration
        /// How long ffmpeg gets to finish after SIGTERM before SIGKILL.
        public var stopTimeout: Duration

        public init(
            ffmpeg: String = "ffmpeg", backoff: MixerBackoff = MixerBackoff(), stallTimeout: Duration = .seconds(15),
            stopTimeout: Duration = .seconds(5)
        ) {
            self.ffmpeg = ffmpeg
            self.backoff = backoff
            self.stallTimeout = stallTimeout
            self.stopTimeout = stopTimeout
        }
    }

    private struct Entry {
        var spec: MixerSpec
        var supervisor: Task<Void, Never>
        /// The running process's task; cancelling it stops the process (SIGTERM, SIGKILL).
        var run: Task<Void, Never>?
        /// Set when the process is stopped for a new spec: start again without a pause.
        var respawn = false
        var status = MixerStatus(phase: .starting)
        var stderrTail: [String] = []
    }

    private let settings: Settings
    private let logger: Logger
    private var entries: [String: Entry] = [:]

    public init(settings: Settings = Settings(), logger: Logger) {
        self.settings = settings
        self.logger = logger
    }

    public func start(_ spec: MixerSpec) {
        if var entry = entries[spec.id] {
            guard entry.spec != spec else { return }
            entry.spec = spec
            entry.respawn = true
            entry.run?.cancel()
            entries[spec.id] = entry
            logger.info("mixer inputs changed; restarting it", metadata: Self.metadata(spec))
            return
        }
        let supervisor = Task { await self.supervise(id: spec.id) }
        entries[spec.id] = Entry(spec: spec, supervisor: supervisor)
    }

    public func stop(id: String) async {
        guard let entry = entries.removeValue(forKey: id) else { return }
        entry.run?.cancel()
        entry.supervisor.cancel()
        await entry.supervisor.value
        logger.info("mixer stopped", metadata: ["connection.id": "\(id)"])
    }

    public func status(id: String) -> MixerStatus? {
        entries[id]?.status
    }

    /// Stops every mixer (daemon shutdown).
    public func stopAll() async {
        for id in Array(entries.keys) { await stop(id: id) }
    }

    /// The last lines ffmpeg wrote to stderr (for diagnostics).
    public func stderrTail(id: String) -> [String] {
        entries[id]?.stderrTail ?? []
    }

    // MARK: Supervision

    private func supervise(id: String) async {
        var failures = 0
        var starts = 0
        while !Task.isCancelled, let entry = entries[id] {
            let spec = entry.spec
            entries[id]?.respawn = false
            entries[id]?.status.phase = .starting
            entries[id]?.status.restarts = max(0, starts)
            entries[id]?.status.placeholders = Self.placeholders(spec)
            starts += 1
            let began = ContinuousClock.now
            let run = Task { await self.runOnce(spec) }
            entries[id]?.run = run
            await withTaskCancellationHandler { await run.value } onCancel: { run.cancel() }
            guard !Task.isCancelled, let after = entries[id] else { return }
            if after.respawn { continue }
            failures = ContinuousClock.now - began >= settings.backoff.stableAfter ? 1 : failures + 1
            let delay = settings.backoff.delay(afterFailures: failures)
            entries[id]?.status.phase = .restarting
            entries[id]?.status.pid = nil
            logger.warning("mixer exited; restarting", metadata: Self.metadata(spec).merging([
                "mixer.exit": "\(after.status.lastExit ?? "?")", "mixer.backoff": "\(delay)",
                "mixer.stderr": "\(after.stderrTail.suffix(3).joined(separator: " | "))"]) { a, _ in a })
            try? await Task.sleep(for: delay)
        }
    }

    /// One ffmpeg process, until it exits, stalls (killed) or the task is cancelled (stopped).
    private func runOnce(_ spec: MixerSpec) async {
        let executable: Executable = settings.ffmpeg.contains("/") ? .path(FilePath(settings.ffmpeg)) : .name(settings.ffmpeg)
        var options = PlatformOptions()
        options.teardownSequence = [.gracefulShutDown(allowedDurationToNextStep: settings.stopTimeout)]
        let stallTimeout = settings.stallTimeout
        let id = spec.id
        do {
            let result = try await Subprocess.run(
                executable, arguments: Arguments(FFmpegMixCommand.arguments(spec)), platformOptions: options,
                input: .none, output: .sequence, error: .sequence
            ) { execution in
                self.started(id, pid: execution.processIdentifier.value)
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        var parser = FFmpegProgress.Parser()
                        for try await line in execution.standardOutput.strings() {
                            if let report = parser.feed(line) { await self.progressed(id, report) }
                        }
                    }
                    group.addTask {
                        for try await line in execution.standardError.strings() { await self.stderr(id, line) }
                    }
                    group.addTask {
                        // Never returns by itself: the readers end when the process does.
                        while !Task.isCancelled {
                            try await Task.sleep(for: .seconds(1))
                            if await self.isStalled(id, for: stallTimeout) {
                                await self.markStalled(id)
                                try? execution.send(signal: .kill)
                                try await Task.sleep(for: stallTimeout)
                            }
                        }
                    }
                    try await group.next()
                    try await group.next()
                    group.cancelAll()
                }
            }
            finished(id, "\(result.terminationStatus)")
        } catch is CancellationError {
            finished(id, "stopped")
        } catch {
            finished(id, "\(error)")
        }
    }

    private func started(_ id: String, pid: pid_t) {
        entries[id]?.status.pid = Int32(pid)
        entries[id]?.status.lastProgressAt = nil
        entries[id]?.stderrTail = []
        timing[id] = Timing(started: .now)
        logger.info("mixer started", metadata: ["connection.id": "\(id)", "mixer.pid": "\(pid)"])
    }

    /// When the current process started and last reported progress, and whether the
    /// watchdog killed it.
    private struct Timing {
        var started: ContinuousClock.Instant
        var lastProgress: ContinuousClock.Instant?
        var stalled = false
    }

    private var timing: [String: Timing] = [:]

    private func progressed(_ id: String, _ report: FFmpegProgress) {
        guard entries[id] != nil else { return }
        entries[id]?.status.phase = .running
        entries[id]?.status.frame = report.frame
        entries[id]?.status.fps = report.fps
        entries[id]?.status.outTimeMs = report.outTimeMs
        entries[id]?.status.lastProgressAt = Date()
        timing[id]?.lastProgress = .now
    }

    private func isStalled(_ id: String, for timeout: Duration) -> Bool {
        guard let timing = timing[id], !timing.stalled else { return false }
        return ContinuousClock.now - (timing.lastProgress ?? timing.started) > timeout
    }

    private func stderr(_ id: String, _ line: String) {
        guard !line.isEmpty else { return }
        entries[id]?.stderrTail.append(String(line.prefix(500)))
        if (entries[id]?.stderrTail.count ?? 0) > 20 { entries[id]?.stderrTail.removeFirst() }
        logger.debug("ffmpeg", metadata: ["connection.id": "\(id)", "ffmpeg.stderr": "\(line.prefix(500))"])
    }

    private func markStalled(_ id: String) {
        timing[id]?.stalled = true
    }

    private func finished(_ id: String, _ exit: String) {
        let stalled = timing.removeValue(forKey: id)?.stalled == true
        entries[id]?.status.lastExit = stalled ? "stalled: killed after no progress" : exit
        entries[id]?.status.pid = nil
    }

    private static func placeholders(_ spec: MixerSpec) -> [ConnectionSide] {
        (spec.hostLive ? [] : [.host]) + (spec.guestLive ? [] : [.guest])
    }

    /// Never the URLs: they carry the mixer's credential.
    private static func metadata(_ spec: MixerSpec) -> Logger.Metadata {
        ["connection.id": "\(spec.id)", "mixer.host": "\(spec.hostLive ? "live" : "placeholder")",
         "mixer.guest": "\(spec.guestLive ? "live" : "placeholder")"]
    }
}
