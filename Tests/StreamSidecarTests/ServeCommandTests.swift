import Foundation
import HTTPTestSupport
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// `stream-sidecar serve` as an operator runs it: a real process on a real port.
@Suite("stream-sidecar serve", .serialized)
struct ServeCommandTests {
    @Test("starts on SQLite, serves the API with its generated token, stops on SIGTERM, keeps state across a restart")
    func lifecycle() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("serve-test-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        let port = try FreePort.pick()
        let first = try DaemonProcess.start(["serve", "--data-dir", data.path, "--port", "\(port)", "--log-level", "warning"])
        try await first.waitUntilHealthy(port: port)
        let token = try String(contentsOf: data.appendingPathComponent("api-token"), encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(token.hasPrefix("sst_"))

        let created = try await HTTP.call("PUT", port: port, path: "/api/v1/rooms/r1", token: token, body: #"{"owner":"alice"}"#)
        #expect(created.status == 201)
        let key = try #require(created.json["streamKey"] as? String)
        #expect(try await HTTP.call("GET", port: port, path: "/api/v1/rooms/r1", token: "wrong").status == 401)

        #expect(await first.terminate() == 0)
        // The token is printed once, on the first start only, and never logged.
        #expect(first.output.contains(token))

        let second = try DaemonProcess.start(["serve", "--data-dir", data.path, "--port", "\(port)", "--log-level", "warning"])
        try await second.waitUntilHealthy(port: port)
        let again = try await HTTP.call("PUT", port: port, path: "/api/v1/rooms/r1", token: token, body: #"{"owner":"alice"}"#)
        #expect(again.status == 200)
        #expect(again.json["streamKey"] as? String == key)
        #expect(await second.terminate() == 0)
        #expect(!second.output.contains(token))
    }

    @Test("a bad setting is one clear line and exit code 2", arguments: [
        ["--port", "70000"], ["--log-level", "loud"], ["--hls-base", "ftp://x"], ["--config", "/does/not/exist.yaml"],
    ])
    func badSetting(_ arguments: [String]) async throws {
        let result = try await CLIRunner.run(["serve"] + arguments)
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("error: "))
        #expect(result.stderr.split(separator: "\n").count == 1)
    }
}

/// A daemon process whose output is collected, stopped with SIGTERM.
final class DaemonProcess: @unchecked Sendable {
    // @unchecked: `output` is only read after the process has exited (terminate() waits).
    private let process = Process()
    private let pipe = Pipe()

    static func start(_ arguments: [String]) throws -> DaemonProcess {
        let daemon = DaemonProcess()
        daemon.process.executableURL = CLIRunner.binary
        daemon.process.arguments = arguments
        daemon.process.standardOutput = daemon.pipe
        daemon.process.standardError = daemon.pipe
        daemon.process.standardInput = FileHandle.nullDevice
        try daemon.process.run()
        return daemon
    }

    func waitUntilHealthy(port: Int) async throws {
        for _ in 0..<300 {
            if (try? await HTTP.call("GET", port: port, path: "/healthz"))?.status == 200 { return }
            guard process.isRunning else { throw CLIRunner.CLIError(description: "the daemon exited: \(output)") }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw CLIRunner.CLIError(description: "the daemon did not become healthy")
    }

    /// SIGTERM, then the exit status (a graceful stop must take well under 10 s). Polls with
    /// Task.sleep: blocking a cooperative thread here would stall other suites' tasks.
    func terminate() async -> Int32 {
        process.terminate()
        for _ in 0..<500 where process.isRunning { try? await Task.sleep(for: .milliseconds(20)) }
        if process.isRunning {
            Glibc.kill(process.processIdentifier, SIGKILL)
            while process.isRunning { try? await Task.sleep(for: .milliseconds(20)) }
        }
        return process.terminationStatus
    }

    /// SIGKILL: no graceful anything, as a crash or an OOM kill.
    func killHard() {
        Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    var output: String {
        String(decoding: pipe.fileHandleForReading.availableData, as: UTF8.self)
    }
}

/// A tiny HTTP client for these tests (URLSession on Linux is enough here).
enum HTTP {
    struct Answer {
        var status: Int
        var json: [String: Any]
    }

    static func call(_ method: String, port: Int, path: String, token: String? = nil, body: String? = nil) async throws -> Answer {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let body { request.httpBody = Data(body.utf8) }
        request.timeoutInterval = 5
        let (data, response) = try await URLSession.shared.data(for: request)
        let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        return Answer(status: (response as? HTTPURLResponse)?.statusCode ?? 0, json: json)
    }
}
