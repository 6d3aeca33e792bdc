import Foundation
import Hummingbird

/// Unauthenticated operational routes: health, metrics, and the API's OpenAPI document.
struct SystemController: Sendable {
    let metrics: SidecarMetrics
    let health: HealthCheck

    func addRoutes(to router: Router<SidecarRequestContext>) {
        router.get("healthz", use: healthz)
        router.get("metrics", use: prometheus)
        router.get("openapi.yaml", use: openAPI)
    }

    @Sendable func healthz(_ request: Request, context: SidecarRequestContext) async throws -> Response {
        let ok = await health.isHealthy()
        let body = ok ? #"{"status":"ok"}"# : #"{"status":"unavailable"}"#
        return Response(status: ok ? .ok : .serviceUnavailable, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    @Sendable func prometheus(_ request: Request, context: SidecarRequestContext) async throws -> Response {
        Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: metrics.exposition())))
    }

    @Sendable func openAPI(_ request: Request, context: SidecarRequestContext) async throws -> Response {
        Response(status: .ok, headers: [.contentType: "application/yaml"], body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.text)))
    }
}

/// The OpenAPI 3.1 document of the whole HTTP API, shipped inside the binary so a deployed
/// daemon serves the description of exactly its own routes.
public enum OpenAPIDocument {
    public static let text: String = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { return "openapi: 3.1.0\ninfo: {title: StreamSidecar, version: unknown}\npaths: {}\n" }
        return text
    }()
}
