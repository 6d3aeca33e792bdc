import Foundation
import HLSProbe
import HTTPTestSupport
import SidecarAdapters
import SidecarCore
import TestFixtures
import Testing

/// SRSControl's snapshot against a loopback server answering with the real stream and
/// client lists of SRS 6.0.157 and 7.0.18 (`Fixtures/srs-api/srs-<version>/`).
@Suite("SRS stream and client lists")
struct SRSSnapshotTests {
    static let streamsPath = "/api/v1/streams/"
    static let clientsPath = "/api/v1/clients/"

    /// A captured answer: a bare JSON body, or `{request, status, headers, body}` for the
    /// short and non-200 answers, served as captured.
    static func answer(_ fixture: String) -> TestResponse {
        let bytes = Fixtures.bytes("srs-api/\(fixture)")
        if let wrapped = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
            let status = wrapped["status"] as? Int, let body = wrapped["body"]
        {
            let data = body is String ? Data((body as! String).utf8) : (try? JSONSerialization.data(withJSONObject: body)) ?? Data()
            return TestResponse(status: status, headers: [("Content-Type", "application/json")], body: Array(data))
        }
        return .ok(bytes, contentType: "application/json")
    }

    /// `{"code":0,...,"clients":[]}` with the ids of the same SRS run as `streams`: the
    /// captures have no empty client list, so it is derived from that run's answer.
    static func emptyClients(like streamsFixture: String) throws -> TestResponse {
        var object = try #require(try JSONSerialization.jsonObject(with: Data(Fixtures.bytes("srs-api/\(streamsFixture)"))) as? [String: Any])
        object["streams"] = nil
        object["clients"] = [Any]()
        return .ok(Array(try JSONSerialization.data(withJSONObject: object)), contentType: "application/json")
    }

    static func serve(streams: TestResponse, clients: TestResponse) async throws -> ScriptedHTTPServer {
        try await ScriptedHTTPServer.start { request in
            switch (request.method, request.path) {
            case ("GET", streamsPath): streams
            case ("GET", clientsPath): clients
            default: .notFound
            }
        }
    }

    static func snapshot(_ server: ScriptedHTTPServer) async throws -> MediaServerSnapshot {
        let http = CurlHTTPClient()
        defer { http.shutdown() }
        return try await SRSControl(http: http, apiBase: server.baseURL).snapshot()
    }

    struct Capture: Sendable, CustomTestStringConvertible {
        var version: String
        var server: String
        var service: String
        var publisher: String
        var hlsViewer: String
        var testDescription: String { "SRS \(version)" }
    }

    static let captures = [
        Capture(version: "7.0.18", server: "vid-pq6240v", service: "2l022j17", publisher: "a1982t52", hlsViewer: "q5i0591g"),
        Capture(version: "6.0.157", server: "vid-y147u87", service: "x85zy854", publisher: "o0sejb0r", hlsViewer: "4k2g0tiq"),
    ]

    @Test("a publisher and an HLS viewer, as SRS lists them", arguments: captures)
    func publisherAndViewer(_ c: Capture) async throws {
        let server = try await Self.serve(
            streams: Self.answer("srs-\(c.version)/streams.json"), clients: Self.answer("srs-\(c.version)/clients-with-hls-player.json"))
        let snapshot = try await Self.snapshot(server)
        try await server.stop()
        #expect(snapshot.serverId == c.server && snapshot.serviceId == c.service && snapshot.isComplete)
        #expect(snapshot.streams == [PublishedStream(app: "live", name: "room1", publisherClientId: c.publisher)])
        #expect(Set(snapshot.clients.map(\.id)) == [c.publisher, c.hlsViewer])
        #expect(snapshot.clients.first { $0.id == c.publisher } == MediaClient(id: c.publisher, role: .publisher, app: "live", stream: "room1"))
        #expect(snapshot.clients.first { $0.id == c.hlsViewer } == MediaClient(id: c.hlsViewer, role: .player, app: "live", stream: "room1"))
        // With the trailing slash (without it SRS answers 302) and one large page.
        for request in server.requests {
            #expect(request.path.hasSuffix("/") && request.query == "start=0&count=\(SRSControl.listLimit)")
        }
    }

    @Test("RTMP and HTTP-FLV players are players of the stream, whatever their name says", arguments: ["rtmp", "flv"])
    func players(_ kind: String) async throws {
        let server = try await Self.serve(
            streams: Self.answer("srs-7.0.18/streams-with-rtmp-player.json"), clients: Self.answer("srs-7.0.18/clients-with-\(kind)-player.json"))
        let players = try await Self.snapshot(server).clients.filter { $0.role == .player }
        try await server.stop()
        #expect(players.count == 1 && players.first?.stream == "room1" && players.first?.app == "live")
    }

    @Test("an empty SRS, and a stream whose publisher left while an HLS session still holds it")
    func nothingPublished() async throws {
        for fixture in ["srs-7.0.18/streams-empty.json", "srs-6.0.157/streams-empty.json", "srs-7.0.18/streams-after-unpublish-hls-viewer-left.json"] {
            let server = try await Self.serve(streams: Self.answer(fixture), clients: try Self.emptyClients(like: fixture))
            let snapshot = try await Self.snapshot(server)
            #expect(snapshot.streams.isEmpty && snapshot.clients.isEmpty && snapshot.isComplete, "\(fixture)")
            try await server.stop()
        }
    }

    @Test("fed to the reconciler: in step before SRS restarts, every room and viewer corrected after")
    func restartThroughTheReconciler() async throws {
        let restart = try #require(try JSONSerialization.jsonObject(with: Data(Fixtures.bytes("srs-api/srs-7.0.18/versions-after-restart.json"))) as? [String: Any])
        let newService = try #require(restart["service"] as? String)
        #expect(newService != "2l022j17" && restart["server"] as? String == "vid-pq6240v")

        let live = Room(
            id: "r1", owner: "alice", liveId: "room1", keyHash: "", createdAt: .distantPast, status: .live, statusSince: .distantPast,
            publisher: Publisher(clientId: "a1982t52", ip: "127.0.0.1", since: .distantPast, serverId: "vid-pq6240v", serviceId: "2l022j17", sessionId: "s1"))
        let viewer = ViewerSession(roomId: "r1", clientId: "q5i0591g", kind: "hls", ip: "127.0.0.1", since: .distantPast)

        let before = try await Self.serve(
            streams: Self.answer("srs-7.0.18/streams.json"), clients: Self.answer("srs-7.0.18/clients-with-hls-player.json"))
        let first = try await Self.snapshot(before)
        try await before.stop()
        #expect(Reconciler.corrections(.init(liveRooms: [live], viewers: [viewer], snapshot: first, app: "live")).isEmpty)

        // After a restart: the empty lists of the same capture, with the ids SRS reported
        // after its restart (the server id survives, the service id is new).
        var emptyStreams = try #require(try JSONSerialization.jsonObject(with: Data(Fixtures.bytes("srs-api/srs-7.0.18/streams-empty.json"))) as? [String: Any])
        emptyStreams["service"] = newService
        emptyStreams["pid"] = restart["pid"]
        var emptyClients = emptyStreams
        emptyClients["streams"] = nil
        emptyClients["clients"] = [Any]()
        let after = try await Self.serve(
            streams: .ok(Array(try JSONSerialization.data(withJSONObject: emptyStreams)), contentType: "application/json"),
            clients: .ok(Array(try JSONSerialization.data(withJSONObject: emptyClients)), contentType: "application/json"))
        let second = try await Self.snapshot(after)
        try await after.stop()
        #expect(second.serverId == first.serverId && second.serviceId == newService)
        let corrections = Reconciler.corrections(.init(liveRooms: [live], viewers: [viewer], snapshot: second, app: "live"))
        #expect(corrections.idle == [.init(roomId: "r1", clientId: "a1982t52", sessionId: "s1")])
        #expect(corrections.viewers == [viewer] && corrections.kick.isEmpty)

        // And a publisher SRS has that no room accepted is kicked.
        let stranger = Reconciler.corrections(.init(liveRooms: [], viewers: [], snapshot: first, app: "live"))
        #expect(stranger.kick == [.init(liveId: "room1", clientId: "a1982t52")])
    }

    @Test("SRS's error codes are errors, not empty lists")
    func errorCodes() async throws {
        // {"code":2048} as SRS answers for an unknown stream; {"code":2049} for an unknown client.
        let badStreams = try await Self.serve(
            streams: Self.answer("srs-7.0.18/stream-not-found.json"), clients: Self.answer("srs-7.0.18/clients.json"))
        await #expect { try await Self.snapshot(badStreams) } throws: { "\($0)".contains("answered code 2048") }
        try await badStreams.stop()
        let badClients = try await Self.serve(
            streams: Self.answer("srs-7.0.18/streams.json"), clients: Self.answer("srs-7.0.18/client-unknown.json"))
        await #expect { try await Self.snapshot(badClients) } throws: { "\($0)".contains("answered code 2049") }
        try await badClients.stop()
    }

    @Test("a redirect body, HTML, an HTTP error and answers from two SRS runs are errors")
    func malformed() async throws {
        let cases: [(TestResponse, TestResponse, String)] = [
            // What SRS answers without the trailing slash, served with 200: not JSON.
            (Self.answer("streams.json"), Self.answer("srs-7.0.18/clients.json"), "not SRS JSON"),
            (.text("<html>", contentType: "text/html"), Self.answer("srs-7.0.18/clients.json"), "not SRS JSON"),
            (.text("{\"code\":0}"), Self.answer("srs-7.0.18/clients.json"), "without server, service or streams"),
            (Self.answer("srs-7.0.18/streams.json"), .text("busy", status: 503), "HTTP 503"),
            // 7.0.18's streams with 6.0.157's clients: another server and service.
            (Self.answer("srs-7.0.18/streams.json"), Self.answer("srs-6.0.157/clients.json"), "another SRS run"),
        ]
        for (streams, clients, message) in cases {
            let server = try await Self.serve(streams: streams, clients: clients)
            await #expect { try await Self.snapshot(server) } throws: { error in
                error is SRSControl.APIError && "\(error)".contains(message)
            }
            try await server.stop()
        }
    }

    @Test("an unreachable API is an error")
    func unreachable() async throws {
        let server = try await Self.serve(streams: .notFound, clients: .notFound)
        try await server.stop()
        await #expect(throws: SRSControl.APIError.self) { try await Self.snapshot(server) }
    }

    @Test("a list that fills the page makes the snapshot incomplete")
    func fullPage() async throws {
        let streams = (0..<SRSControl.listLimit).map { #"{"id":"vid-\#($0)","name":"s\#($0)","app":"live","publish":{"active":true,"cid":"c\#($0)"}}"# }
        let body = #"{"code":0,"server":"vid-pq6240v","service":"2l022j17","pid":"2421","streams":["# + streams.joined(separator: ",") + "]}"
        let server = try await Self.serve(
            streams: .ok(Array(body.utf8), contentType: "application/json"), clients: try Self.emptyClients(like: "srs-7.0.18/streams.json"))
        let snapshot = try await Self.snapshot(server)
        try await server.stop()
        #expect(snapshot.streams.count == SRSControl.listLimit && !snapshot.isComplete)
    }
}
