import CurlHTTP
import Foundation
import HTTPTestSupport
import Logging
import SidecarCore
import SidecarTestSupport
import SidecarWebhooks
import Synchronization
import Testing

let testSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

/// A webhook receiver on loopback: records every request and answers what `script` says
/// for the n-th request (0-based) it has seen.
final class Receiver: Sendable {
    struct Delivery: Sendable {
        var id: String
        var timestamp: String
        var signature: String
        var body: [UInt8]
        var eventId: Int64
        var type: String
        var roomId: String?
        var sequence: Int64
    }

    let server: ScriptedHTTPServer

    private init(server: ScriptedHTTPServer) {
        self.server = server
    }

    /// `log.attempts` has every request; `log.delivered` those answered 2xx.
    static func start(port: Int = 0, script: @escaping @Sendable (Int, Delivery) -> TestResponse = { _, _ in .text("ok") }) async throws -> (Receiver, Log) {
        let log = Log()
        let server = try await ScriptedHTTPServer.start(port: port) { request in
            let delivery = Receiver.parse(request)
            let index = log.append(delivery)
            let response = script(index, delivery)
            // Answered 2xx, as the receiver sees it (a late answer may still time out the sender).
            if (200..<300).contains(response.status) { log.markDelivered(delivery) }
            return response
        }
        return (Receiver(server: server), log)
    }

    var url: URL { server.url("/hooks") }

    static func parse(_ request: TestRequest) -> Delivery {
        let json = (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: Any] ?? [:]
        return Delivery(
            id: request.header("webhook-id") ?? "", timestamp: request.header("webhook-timestamp") ?? "",
            signature: request.header("webhook-signature") ?? "", body: request.body,
            eventId: (json["id"] as? NSNumber)?.int64Value ?? -1, type: json["type"] as? String ?? "",
            roomId: json["roomId"] as? String, sequence: (json["sequence"] as? NSNumber)?.int64Value ?? -1)
    }

    final class Log: Sendable {
        private let state = Mutex<(attempts: [Delivery], delivered: [Delivery])>(([], []))
        func append(_ delivery: Delivery) -> Int {
            state.withLock { state in
                state.attempts.append(delivery)
                return state.attempts.count - 1
            }
        }
        func markDelivered(_ delivery: Delivery) { state.withLock { $0.delivered.append(delivery) } }
        var attempts: [Delivery] { state.withLock { $0.attempts } }
        var delivered: [Delivery] { state.withLock { $0.delivered } }
    }
}

/// A dispatcher on a harness's store, running in a task until `stop()`.
struct RunningDispatcher {
    let task: Task<Void, any Error>

    static func start(
        _ harness: SidecarHarness, endpoints: [URL], node: String = "test-node", http: CurlHTTPClient,
        timeout: Duration = .milliseconds(500), maxAge: Duration = .seconds(3600), metrics: WebhookMetrics? = nil
    ) throws -> RunningDispatcher {
        var logger = Logger(label: "webhooks-test")
        logger.logLevel = .critical
        let dispatcher = WebhookDispatcher(
            store: harness.store, signal: harness.store.eventSignal, http: http,
            settings: WebhookSettings(
                endpoints: endpoints, secret: try WebhookSecret(testSecret), node: node, timeout: timeout, maxInFlight: 16,
                retry: RetryPolicy(base: .milliseconds(50), cap: .milliseconds(200), maxAge: maxAge),
                pollInterval: .milliseconds(50), statsInterval: .milliseconds(100)),
            metrics: metrics, logger: logger)
        return RunningDispatcher(task: Task { try await dispatcher.run() })
    }

    func stop() async {
        task.cancel()
        _ = try? await task.value
    }
}

/// As the daemon does before accepting requests: events made after this are sent.
func registerEndpoints(_ harness: SidecarHarness, _ endpoints: [URL]) async throws {
    try await harness.store.registerEndpoints(endpoints.map(\.absoluteString), now: Date())
}

/// Polls `condition` until it holds or `timeout` passes (generous: CI boxes are small).
func eventually(timeout: Duration = .seconds(30), _ what: Comment, _ condition: () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(20))
    }
    Issue.record(what)
}

/// The repository's root, for the scripts the tests run.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
