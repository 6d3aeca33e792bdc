import Foundation
import HTTPTestSupport
import Synchronization
import Testing

/// Webhooks through the real daemon process, killed with SIGKILL mid-delivery.
@Suite("stream-sidecar serve: webhooks", .serialized)
struct WebhookRestartTests {
    static let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

    @Test("an event in flight when the daemon is killed -9 is delivered after it restarts, with the same webhook-id")
    func survivesKill() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("webhook-kill-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        let seen = Mutex<[(id: String, body: String)]>([])
        // The first attempt hangs (the daemon dies while waiting); later ones are accepted.
        let receiver = try await ScriptedHTTPServer.start { request in
            let index = seen.withLock { seen in
                seen.append((request.header("webhook-id") ?? "", String(decoding: request.body, as: UTF8.self)))
                return seen.count - 1
            }
            return index == 0 ? TestResponse(status: 200, body: [], delay: .seconds(60)) : .text("ok")
        }
        defer { Task { try? await receiver.stop() } }
        let port = try FreePort.pick()
        let arguments = [
            "serve", "--data-dir", data.path, "--port", "\(port)", "--log-level", "warning", "--node-id", "kill-test",
            "--webhook-url", receiver.url("/hooks").absoluteString, "--webhook-secret", Self.secret,
        ]
        // Every daemon is stopped whatever happens, so a failing run leaves nothing behind.
        let first = try DaemonProcess.start(arguments)
        do {
            try await first.waitUntilHealthy(port: port)
            let token = try String(contentsOf: data.appendingPathComponent("api-token"), encoding: .utf8)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(try await HTTP.call("PUT", port: port, path: "/api/v1/rooms/r1", token: token, body: #"{"owner":"alice"}"#).status == 201)
            try await waitFor("the first attempt reaches the receiver") { seen.withLock { $0.count } >= 1 }
        } catch {
            first.killHard()
            throw error
        }
        first.killHard()

        let second = try DaemonProcess.start(arguments)
        do {
            try await second.waitUntilHealthy(port: port)
            try await waitFor("the restarted daemon sends it again") { seen.withLock { $0.count } >= 2 }
        } catch {
            _ = await second.terminate()
            throw error
        }
        let attempts = seen.withLock { $0 }
        #expect(await second.terminate() == 0)
        try #require(attempts.count >= 2)
        #expect(attempts[0].id == attempts[1].id, "same webhook-id: the receiver can drop a duplicate")
        #expect(attempts[1].body.contains(#""type":"room.created""#) && attempts[1].body.contains(#""roomId":"r1""#))
    }

    private func waitFor(_ what: Comment, _ condition: () -> Bool) async throws {
        for _ in 0..<1_000 {
            if condition() { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record(what)
    }
}
