import Foundation
import Logging
import SidecarCore
import Testing

@testable import SidecarMixer

/// The supervisor with a stand-in for ffmpeg: a shell script that records its arguments and
/// prints progress blocks (or, to stall, nothing).
@Suite("The mixer's supervision: restart after a crash or a stall, new inputs, stop")
struct FFmpegMixerTests {
    struct FakeFFmpeg {
        let folder: URL
        var path: String { folder.appendingPathComponent("ffmpeg").path }
        var argumentsFile: URL { folder.appendingPathComponent("arguments") }

        /// `progress`: print a progress block every 0.1 s; otherwise stay silent.
        init(progress: Bool) throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("fake-ffmpeg-\(UUID().uuidString.prefix(8))")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let loop = progress
                ? #"n=0; while true; do n=$((n+1)); printf 'frame=%d\nfps=25.0\nout_time_us=%d000000\nprogress=continue\n' $n $n; sleep 0.1; done"#
                : "while true; do sleep 0.1; done"
            let script = """
                #!/bin/sh
                printf '%s\\n' "$*" >> '\(argumentsFile.path)'
                trap 'exit 0' TERM
                \(loop)
                """
            try script.write(toFile: path, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        }

        var runs: [String] {
            ((try? String(contentsOf: argumentsFile, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        }

        func remove() { try? FileManager.default.removeItem(at: folder) }
    }

    static func mixer(_ fake: FakeFFmpeg, stall: Duration = .seconds(15)) -> FFmpegMixer {
        var logger = Logger(label: "mixer-test")
        logger.logLevel = .critical
        return FFmpegMixer(
            settings: .init(
                ffmpeg: fake.path, backoff: MixerBackoff(initial: .milliseconds(100), maximum: .milliseconds(400)),
                stallTimeout: stall, stopTimeout: .seconds(2)),
            logger: logger)
    }

    static func until(_ what: String, _ condition: () async -> Bool) async throws {
        for _ in 0..<300 {
            if await condition() { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("timed out waiting for \(what)")
    }

    static func isRunning(_ pid: Int32) -> Bool { kill(pid, 0) == 0 }

    @Test("a killed process is restarted; progress shows in the status; stop ends the process")
    func restartAfterKill() async throws {
        let fake = try FakeFFmpeg(progress: true)
        defer { fake.remove() }
        let mixer = Self.mixer(fake)
        let spec = FFmpegMixCommandTests.spec()
        await mixer.start(spec)
        try await Self.until("running") { await mixer.status(id: "c1")?.phase == .running }
        let first = try #require(await mixer.status(id: "c1"))
        let pid = try #require(first.pid)
        #expect(first.restarts == 0 && first.placeholders.isEmpty)
        #expect((first.frame ?? 0) >= 1 && first.fps == 25.0)
        #expect(fake.runs.first?.contains("-progress pipe:1") == true)

        kill(pid, SIGKILL)
        try await Self.until("a new process") {
            guard let status = await mixer.status(id: "c1"), let now = status.pid else { return false }
            return now != pid && status.restarts == 1 && status.phase == .running
        }
        #expect(await mixer.status(id: "c1")?.lastExit?.contains("9") == true, "the kill is reported")

        let last = try #require(await mixer.status(id: "c1")?.pid)
        await mixer.stop(id: "c1")
        #expect(await mixer.status(id: "c1") == nil)
        try await Self.until("the process to be gone") { !Self.isRunning(last) }
    }

    @Test("new inputs restart the process at once with the new command line")
    func newSpec() async throws {
        let fake = try FakeFFmpeg(progress: true)
        defer { fake.remove() }
        let mixer = Self.mixer(fake)
        await mixer.start(FFmpegMixCommandTests.spec())
        try await Self.until("running") { await mixer.status(id: "c1")?.phase == .running }
        await mixer.start(FFmpegMixCommandTests.spec())  // the same spec: nothing happens
        await mixer.start(FFmpegMixCommandTests.spec(guest: false))
        try await Self.until("restarted with a placeholder") {
            await mixer.status(id: "c1")?.placeholders == [.guest] && fake.runs.count == 2
        }
        #expect(fake.runs.last?.contains("anullsrc") == true)
        await mixer.stopAll()
    }

    @Test("a process that reports no progress is killed and restarted")
    func stall() async throws {
        let fake = try FakeFFmpeg(progress: false)
        defer { fake.remove() }
        let mixer = Self.mixer(fake, stall: .seconds(1))
        await mixer.start(FFmpegMixCommandTests.spec())
        try await Self.until("a restart after the stall") { (await mixer.status(id: "c1")?.restarts ?? 0) >= 1 }
        #expect(await mixer.status(id: "c1")?.lastExit?.hasPrefix("stalled") == true)
        await mixer.stopAll()
    }
}
