import Foundation
import HLSProbe
import HTTPTestSupport
import TestFixtures

enum ProbeBench {
    /// One attempt against the live fixture on a loopback server, connection kept alive as
    /// the daemon's shared client keeps it.
    static func run(runs: Int) async throws -> Stats {
        let playlist = Fixtures.bytes("hls/live/index.m3u8")
        let server = try await ScriptedHTTPServer.start { request in
            if request.path.hasSuffix(".m3u8") {
                return .ok(playlist, contentType: "application/vnd.apple.mpegurl")
            }
            let name = String(request.path.split(separator: "/").last ?? "")
            guard let data = FileManager.default.contents(atPath: Fixtures.path("hls/live/\(name)")) else { return .notFound }
            return .ok([UInt8](data), contentType: "video/mp2t")
        }
        let http = CurlHTTPClient()
        let url = server.url("/live/index.m3u8")
        let options = ProbeOptions(attempts: 1, interval: .zero)
        let stats = try await Stats.measure(runs: runs) {
            // A new probe each run (sharing the client and its connections): the fixture never
            // changes, and one long-lived probe would rightly call it stale after 1.5 s.
            let verdict = await ReadinessProbe(http: http).probe(url, options: options)
            guard verdict.ready else {
                throw Workspace.Failure(description: "the loopback probe was not ready: \(verdict.message)")
            }
        }
        http.shutdown()
        try await server.stop()
        return stats
    }
}
