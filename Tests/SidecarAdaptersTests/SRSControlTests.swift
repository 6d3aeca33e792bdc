import Foundation
import HLSProbe
import HTTPTestSupport
import SidecarAdapters
import TestFixtures
import Testing

/// SRSControl against a loopback server answering with real SRS API payloads.
@Suite("SRS HTTP API client")
struct SRSControlTests {
    static func serve(_ routes: [String: String]) async throws -> ScriptedHTTPServer {
        try await ScriptedHTTPServer.start { request in
            guard let file = routes["\(request.method) \(request.path)"] else { return .notFound }
            return .ok(Fixtures.bytes("srs-api/\(file)"), contentType: "application/json")
        }
    }

    @Test("kick: code 0 is a kick, code 2049 an unknown client")
    func kick() async throws {
        let server = try await Self.serve([
            "DELETE /api/v1/clients/114jf8j5": "kick-ok.json",
            "DELETE /api/v1/clients/gone0000": "kick-not-found.json",
        ])
        let http = CurlHTTPClient()
        let srs = SRSControl(http: http, apiBase: server.baseURL)
        #expect(try await srs.kick(clientId: "114jf8j5"))
        #expect(try await srs.kick(clientId: "gone0000") == false)
        try await server.stop()
        http.shutdown()
    }

    @Test("isConnected reads one client, or SRS's not-found answer")
    func connected() async throws {
        let server = try await Self.serve([
            "GET /api/v1/clients/114jf8j5": "client-by-id.json",
            "GET /api/v1/clients/gone0000": "client-not-found.json",
        ])
        let http = CurlHTTPClient()
        let srs = SRSControl(http: http, apiBase: server.baseURL + "/")
        #expect(try await srs.isConnected(clientId: "114jf8j5"))
        #expect(try await srs.isConnected(clientId: "gone0000") == false)
        try await server.stop()
        http.shutdown()
    }

    @Test("an unreachable API, a 404, non-JSON and hostile ids are errors, not guesses")
    func failures() async throws {
        let server = try await ScriptedHTTPServer.start { request in
            request.path.hasSuffix("html") ? .text("<html>", contentType: "text/html") : .notFound
        }
        let http = CurlHTTPClient()
        let srs = SRSControl(http: http, apiBase: server.baseURL)
        await #expect(throws: SRSControl.APIError.self) { _ = try await srs.kick(clientId: "abc") }
        await #expect(throws: SRSControl.APIError.self) { _ = try await srs.kick(clientId: "../streams") }
        await #expect(throws: SRSControl.APIError.self) { _ = try await srs.kick(clientId: "") }
        try await server.stop()
        let closed = SRSControl(http: http, apiBase: server.baseURL)
        await #expect(throws: SRSControl.APIError.self) { _ = try await closed.isConnected(clientId: "abc") }
        http.shutdown()
    }
}
