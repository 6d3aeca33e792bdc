import Foundation
import Hummingbird

/// The framework's own ceiling, served by this process for the hook benchmark's reference
/// rows: a bare Hummingbird router with a constant `GET /healthz`, and a `POST /hooks/srs`
/// that does what every hook must before the daemon's own work starts (collect the body and
/// decode it as SRS's hook JSON with Foundation's `JSONDecoder`) and answers a constant deny.
enum BareServer {
    static func run(port: Int) async throws {
        let router = Router()
        let health = ByteBuffer(string: #"{"status":"ok"}"#)
        let deny = ByteBuffer(string: #"{"code":403,"reason":"bare","deny":"invalid_key"}"#)
        router.get("healthz") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: health))
        }
        router.post("hooks/srs") { request, _ in
            let body = try await request.body.collect(upTo: 64 * 1024)
            let payload = try JSONDecoder().decode(Payload.self, from: Data(body.readableBytesView))
            guard payload.action.hasPrefix("on_") else { throw HTTPError(.badRequest) }
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: deny))
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)))
        try await app.runService()
    }

    /// The fields SRS 7 sends, as the daemon's hook payload declares them.
    private struct Payload: Decodable {
        var action: String
        var server_id, service_id, client_id, ip, vhost, app, stream, param, tcUrl, stream_id, cwd, file: String?
        var seq_no: Int?
    }
}
