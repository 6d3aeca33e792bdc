import Foundation
import HLSProbe
import HTTPTestSupport
import SidecarCore
import TestFixtures
import Testing

@testable import SidecarAdapters

/// NginxRTMPControl against a loopback server answering with what a real nginx-rtmp 1.2.2
/// served (`Fixtures/nginx-rtmp/`, made by its `capture.sh`).
@Suite("nginx-rtmp control module and stat page")
struct NginxRTMPControlTests {
    /// Answers `/stat` with a captured page and `/control/drop/publisher` with `drop`; the
    /// server records every request (`requests`).
    static func serve(stat: String = "stat-live.xml", drop: TestResponse = .text("1")) async throws -> ScriptedHTTPServer {
        try await ScriptedHTTPServer.start { request in
            switch request.path {
            case "/stat": return .ok(Fixtures.bytes("nginx-rtmp/\(stat)"), contentType: "text/xml")
            case "/control/drop/publisher": return drop
            default: return .notFound
            }
        }
    }

    static func control(_ server: ScriptedHTTPServer, http: CurlHTTPClient) -> NginxRTMPControl {
        NginxRTMPControl(
            http: http, controlURL: server.baseURL + "/control/", statURL: server.baseURL + "/stat", app: "live",
            serverId: "nginx-rtmp@node-1")
    }

    @Test("the captured stat page: pid, uptime, one stream with its publisher and its player")
    func parseLive() throws {
        let stat = try NginxRTMPStat.parse(Data(Fixtures.bytes("nginx-rtmp/stat-live.xml")))
        #expect(stat.pid == "12547")
        #expect(stat.uptime == 7)
        #expect(stat.streams == [
            .init(app: "live", name: "room1", clients: [
                .init(id: "5", address: "127.0.0.1", publishing: false),
                .init(id: "1", address: "127.0.0.1", publishing: true),
            ])
        ])
        let idle = try NginxRTMPStat.parse(Data(Fixtures.bytes("nginx-rtmp/stat-idle.xml")))
        #expect(idle.streams.isEmpty && idle.pid == "12547" && idle.uptime > stat.uptime)
    }

    @Test("streams of several applications and servers are kept apart")
    func severalApps() throws {
        let xml = """
            <?xml version="1.0" encoding="utf-8" ?>
            <rtmp><pid>9</pid><uptime>100</uptime>
            <server><application><name>live</name><live>
              <stream><name>a</name><client><id>3</id><publishing/><active/></client><publishing/></stream>
              <stream><name>b</name><client><id>4</id></client></stream>
            </live></application>
            <application><name>other</name><live><stream><name>a</name><client><id>7</id><publishing/></client></stream></live></application></server>
            <server><application><name>live</name><live><stream><name>c</name><client><id>8</id><publishing/></client></stream></live></application></server>
            </rtmp>
            """
        let stat = try NginxRTMPStat.parse(Data(xml.utf8))
        let snapshot = NginxRTMPControl.snapshot(stat, serverId: "s", serviceId: "r")
        #expect(snapshot.streams == [
            PublishedStream(app: "live", name: "a", publisherClientId: "3"),
            PublishedStream(app: "other", name: "a", publisherClientId: "7"),
            PublishedStream(app: "live", name: "c", publisherClientId: "8"),
        ])
        #expect(snapshot.clients.map(\.id) == ["3", "4", "7", "8"])
        #expect(snapshot.clients[1] == MediaClient(id: "4", role: .player, app: "live", stream: "b"))
        #expect(snapshot.isComplete)
    }

    @Test("a page that is not nginx-rtmp's stat XML is an error", arguments: [
        "", "<html><body>502</body></html>", "<rtmp><uptime>1</uptime></rtmp>", "<rtmp><pid>1</pid>", "{\"code\":0}",
    ])
    func notStat(_ text: String) {
        #expect(throws: NginxRTMPStat.ParseError.self) { try NginxRTMPStat.parse(Data(text.utf8)) }
    }

    @Test("snapshot: the publisher's stream, both clients, and this daemon's server id")
    func snapshot() async throws {
        let server = try await Self.serve()
        let http = CurlHTTPClient()
        let nginx = Self.control(server, http: http)
        let snapshot = try await nginx.snapshot()
        #expect(snapshot.serverId == "nginx-rtmp@node-1")
        #expect(snapshot.serviceId.hasPrefix("pid-12547-"))
        #expect(snapshot.streams == [PublishedStream(app: "live", name: "room1", publisherClientId: "1")])
        #expect(snapshot.clients == [
            MediaClient(id: "5", role: .player, app: "live", stream: "room1"),
            MediaClient(id: "1", role: .publisher, app: "live", stream: "room1"),
        ])
        #expect(try await nginx.isConnected(clientId: "5"))
        #expect(try await nginx.isConnected(clientId: "2") == false)
        try await server.stop()
        http.shutdown()
    }

    @Test("kick drops the publisher by client id in our app; nginx's count says whether it had one")
    func kick() async throws {
        let server = try await Self.serve(drop: .text("1"))
        let http = CurlHTTPClient()
        #expect(try await Self.control(server, http: http).kick(clientId: "15"))
        #expect(server.requests.map(\.uri) == ["/control/drop/publisher?app=live&clientid=15"])
        try await server.stop()

        let none = try await Self.serve(drop: .ok(Fixtures.bytes("nginx-rtmp/control-drop-none.txt"), contentType: "text/plain"))
        #expect(try await Self.control(none, http: http).kick(clientId: "999999") == false)
        try await none.stop()
        http.shutdown()
    }

    @Test("an unreachable nginx, an error status, a nonsense answer and hostile ids are errors")
    func failures() async throws {
        let server = try await Self.serve(stat: "stat-live.xml", drop: .text("Application not found", status: 400))
        let http = CurlHTTPClient()
        let nginx = Self.control(server, http: http)
        await #expect(throws: NginxRTMPControl.APIError.self) { _ = try await nginx.kick(clientId: "1") }
        for id in ["", "abc", "1&app=other", "../stat", String(repeating: "9", count: 21)] {
            await #expect(throws: NginxRTMPControl.APIError.self) { _ = try await nginx.kick(clientId: id) }
            await #expect(throws: NginxRTMPControl.APIError.self) { _ = try await nginx.isConnected(clientId: id) }
        }
        #expect(server.requests.count == 1, "hostile ids never reach nginx")
        try await server.stop()

        let html = try await Self.serve(drop: .text("<html>oops</html>"))
        let confused = Self.control(html, http: http)
        await #expect(throws: NginxRTMPControl.APIError.self) { _ = try await confused.kick(clientId: "1") }
        try await html.stop()

        await #expect(throws: NginxRTMPControl.APIError.self) { _ = try await nginx.snapshot() }
        http.shutdown()
    }

    @Test("a run keeps its id through clock jitter; a new pid or a reload is a new run")
    func runs() {
        let tracker = NginxRunTracker()
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        let first = tracker.serviceId(pid: "443", uptime: 13, now: t0)
        #expect(tracker.serviceId(pid: "443", uptime: 27, now: t0.addingTimeInterval(15.2)) == first)
        #expect(tracker.serviceId(pid: "443", uptime: 28, now: t0.addingTimeInterval(14.1)) == first)
        let restarted = tracker.serviceId(pid: "512", uptime: 2, now: t0.addingTimeInterval(30))
        #expect(restarted != first)
        // Same pid again (a container's nginx often gets the same one), loaded later: new run.
        let again = tracker.serviceId(pid: "512", uptime: 1, now: t0.addingTimeInterval(90))
        #expect(again != restarted)
    }
}
