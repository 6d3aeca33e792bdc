import Crypto
import Foundation
import HTTPTestSupport

/// The platform's side: a local HTTP server the daemon POSTs its signed webhooks to. Every
/// delivery's signature is checked (Standard Webhooks) before the event is counted.
final class WebhookReceiver: Sendable {
    struct Event: Sendable {
        var id: String
        var type: String
        var roomId: String?
        var signatureValid: Bool
    }

    static let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

    let server: ScriptedHTTPServer

    private init(server: ScriptedHTTPServer) {
        self.server = server
    }

    static func start() async throws -> WebhookReceiver {
        WebhookReceiver(server: try await ScriptedHTTPServer.start { _ in .text("ok") })
    }

    var url: String { server.url("/webhooks").absoluteString }

    /// Every delivery so far (a retried one appears again, with the same id).
    var events: [Event] {
        server.requests.filter { $0.path == "/webhooks" }.map { request in
            let object = (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: Any] ?? [:]
            return Event(
                id: request.header("webhook-id") ?? "", type: object["type"] as? String ?? "",
                roomId: object["roomId"] as? String, signatureValid: Self.verify(request))
        }
    }

    func types(room: String) -> [String] {
        events.filter { $0.roomId == room }.map(\.type)
    }

    func stop() async {
        try? await server.stop()
    }

    private static func verify(_ request: TestRequest) -> Bool {
        guard let id = request.header("webhook-id"), let timestamp = request.header("webhook-timestamp"),
            let signatures = request.header("webhook-signature"),
            let key = Data(base64Encoded: String(secret.dropFirst("whsec_".count)))
        else { return false }
        var hmac = HMAC<SHA256>(key: SymmetricKey(data: key))
        hmac.update(data: Data("\(id).\(timestamp).".utf8))
        hmac.update(data: request.body)
        let expected = "v1," + Data(hmac.finalize()).base64EncodedString()
        return signatures.split(separator: " ").contains { $0 == expected }
    }
}
