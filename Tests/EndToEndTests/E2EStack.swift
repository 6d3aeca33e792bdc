import Foundation
import HTTPTestSupport
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Synchronization

/// One test's world: nginx with the RTMP module started from the repo's template
/// (`scripts/nginx-rtmp.sh`: HLS and recording on, every notification pointing at the
/// daemon), the real `stream-sidecar` beside it on a fresh SQLite database in
/// `--media-server nginx-rtmp` mode, a webhook receiver, and the ffmpeg processes the test
/// starts. Free ports, one temporary folder; `run` stops everything, also when the test fails.
final class E2EStack: Sendable {
    static let tokenSecret = "e2e-token-secret"

    let directory: URL
    let rtmpPort: Int
    let httpPort: Int
    let api: SidecarAPI
    let receiver: WebhookReceiver
    let nginx: ManagedProcess
    let daemon: ManagedProcess
    private let clients = Mutex<[ManagedProcess]>([])

    private init(
        directory: URL, rtmpPort: Int, httpPort: Int, api: SidecarAPI, receiver: WebhookReceiver, nginx: ManagedProcess,
        daemon: ManagedProcess
    ) {
        self.directory = directory
        self.rtmpPort = rtmpPort
        self.httpPort = httpPort
        self.api = api
        self.receiver = receiver
        self.nginx = nginx
        self.daemon = daemon
    }

    /// Starts the world, runs `body`, and stops everything whatever happened.
    /// `environment` adds `SIDECAR_*` settings for the daemon.
    static func run(environment: [String: String] = [:], _ body: (E2EStack) async throws -> Void) async throws {
        try E2ETools.requireTools()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sidecar-e2e-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var started: [ManagedProcess] = []
        var receiver: WebhookReceiver?
        do {
            receiver = try await WebhookReceiver.start()
            let stack = try await start(directory: directory, receiver: receiver!, environment: environment, started: &started)
            do {
                try await body(stack)
            } catch {
                await stack.stop()
                throw error
            }
            await stack.stop()
        } catch {
            for process in started.reversed() { await process.stop() }
            await receiver?.stop()
            try? FileManager.default.removeItem(at: directory)
            throw error
        }
        try? FileManager.default.removeItem(at: directory)
    }

    private static func start(
        directory: URL, receiver: WebhookReceiver, environment: [String: String], started: inout [ManagedProcess]
    ) async throws -> E2EStack {
        let (rtmpPort, httpPort, daemonPort) = (try FreePort.pick(), try FreePort.pick(), try FreePort.pick())
        let nginx = try ManagedProcess(
            name: "nginx", executable: E2ETools.repositoryRoot.appendingPathComponent("scripts/nginx-rtmp.sh"),
            arguments: [
                "--prefix", directory.appendingPathComponent("nginx").path, "--rtmp", "127.0.0.1:\(rtmpPort)",
                "--http", "127.0.0.1:\(httpPort)", "--hooks", "http://127.0.0.1:\(daemonPort)/hooks/nginx-rtmp",
            ],
            logDirectory: directory)
        started.append(nginx)
        try await EndToEndTests.eventually("nginx to serve its stat page", timeout: .seconds(20), diagnostics: { nginx.logTail() }) {
            guard nginx.isRunning else { throw E2EError("nginx exited: \(nginx.logTail())") }
            return try await Self.status("http://127.0.0.1:\(httpPort)/stat") == 200
        }

        let http = "http://127.0.0.1:\(httpPort)"
        let daemon = try ManagedProcess(
            name: "stream-sidecar", executable: E2ETools.daemonBinary,
            arguments: [
                "serve", "--data-dir", directory.appendingPathComponent("data").path, "--port", "\(daemonPort)",
                "--log-format", "json", "--api-token", SidecarAPI.token, "--token-secret", tokenSecret,
                "--media-server", "nginx-rtmp", "--nginx-control", "\(http)/control", "--nginx-stat", "\(http)/stat",
                "--hls-base", http, "--rtmp-base", "rtmp://127.0.0.1:\(rtmpPort)/live",
                "--webhook-url", receiver.url, "--webhook-secret", WebhookReceiver.secret,
                // nginx's record_path (scripts/nginx-rtmp.sh creates it before nginx starts).
                "--recordings-root", directory.appendingPathComponent("nginx/recordings").path,
                // Reconciliation reads nginx's stat page every 2 s, so a misread page would
                // make live rooms idle while the tests watch them.
                "--reconcile-interval", "2", "--reconnect-window", "0",
            ],
            environment: ["SIDECAR_READINESS_INTERVAL": "1", "SIDECAR_READINESS_RECHECK_INTERVAL": "1"]
                .merging(environment) { _, new in new },
            logDirectory: directory)
        started.append(daemon)
        try await EndToEndTests.eventually("the daemon to answer /healthz", timeout: .seconds(30), diagnostics: { daemon.logTail() }) {
            guard daemon.isRunning else { throw E2EError("the daemon exited: \(daemon.logTail())") }
            return try await Self.status("http://127.0.0.1:\(daemonPort)/healthz") == 200
        }
        return E2EStack(
            directory: directory, rtmpPort: rtmpPort, httpPort: httpPort, api: SidecarAPI(port: daemonPort), receiver: receiver,
            nginx: nginx, daemon: daemon)
    }

    /// Clients first (their end notifications still reach the daemon), then the daemon, nginx
    /// and the receiver.
    private func stop() async {
        for client in clients.withLock({ $0 }) { await client.stop(grace: .seconds(5)) }
        await daemon.stop()
        await nginx.stop()
        await receiver.stop()
    }

    // MARK: ffmpeg

    /// An encoder pushing a 320x180 test pattern with a tone, H.264 + AAC, one keyframe a
    /// second (nginx's HLS fragment length), to `rtmp://.../live/<liveId>?<query>`.
    func publish(
        _ liveId: String, query: String, name: String = "publisher", pattern: String = "testsrc", tone: Int = 440
    ) throws -> ManagedProcess {
        try ffmpeg(name, [
            "-re", "-f", "lavfi", "-i", "\(pattern)=size=320x180:rate=25", "-f", "lavfi", "-i", "sine=frequency=\(tone)",
            "-t", "180", "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "25", "-pix_fmt", "yuv420p",
            "-c:a", "aac", "-f", "flv", "rtmp://127.0.0.1:\(rtmpPort)/live/\(liveId)?\(query)",
        ])
    }

    /// An RTMP player that decodes and discards.
    func play(_ liveId: String, name: String = "player") throws -> ManagedProcess {
        try ffmpeg(name, ["-i", "rtmp://127.0.0.1:\(rtmpPort)/live/\(liveId)", "-t", "180", "-f", "null", "-"])
    }

    private func ffmpeg(_ name: String, _ arguments: [String]) throws -> ManagedProcess {
        let process = try ManagedProcess(
            name: "ffmpeg-\(name)", executable: E2ETools.ffmpeg,
            arguments: ["-nostdin", "-hide_banner", "-loglevel", "warning"] + arguments, logDirectory: directory)
        clients.withLock { $0.append(process) }
        return process
    }

    // MARK: Waiting and diagnostics

    func eventually(_ what: String, timeout: Duration = .seconds(30), _ condition: () async throws -> Bool) async throws {
        try await EndToEndTests.eventually(what, timeout: timeout, diagnostics: { self.diagnostics() }, condition)
    }

    /// The tails of every log: what a failure message needs to be understood from CI output.
    func diagnostics() -> String {
        var parts = ["--- stream-sidecar ---\n" + daemon.logTail(40)]
        let nginxLog = directory.appendingPathComponent("nginx/logs/error.log")
        let text = (try? String(contentsOf: nginxLog, encoding: .utf8)) ?? ""
        parts.append("--- nginx error.log ---\n" + text.split(separator: "\n").suffix(25).joined(separator: "\n"))
        for client in clients.withLock({ $0 }) { parts.append("--- \(client.name) ---\n" + client.logTail(10)) }
        return parts.joined(separator: "\n")
    }

    /// The daemon's JSON log lines with this message.
    func daemonLog(message: String) -> [[String: String]] {
        daemon.log.split(separator: "\n").compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String] else { return nil }
            return object["message"] == message ? object : nil
        }
    }

    private static func status(_ url: String) async throws -> Int {
        var request = URLRequest(url: URL(string: url)!)
        request.timeoutInterval = 2
        let (_, response) = try await URLSession.shared.data(for: request)
        return (response as? HTTPURLResponse)?.statusCode ?? 0
    }
}
