import Foundation
import HTTPTestSupport
import Synchronization
import TestFixtures

/// A real HTTP server on loopback that serves `Fixtures/` and lets a test script answers
/// per path (404 twice then 200, a delay, a stale header, ...).
final class FixtureServer: Sendable {
    typealias Script = @Sendable (_ request: TestRequest, _ count: Int) -> TestResponse?

    let server: ScriptedHTTPServer
    private let state: State

    private init(server: ScriptedHTTPServer, state: State) {
        self.server = server
        self.state = state
    }

    static func start() async throws -> FixtureServer {
        let state = State()
        let server = try await ScriptedHTTPServer.start { request in state.answer(request) }
        return FixtureServer(server: server, state: state)
    }

    /// The URL of a fixture path, e.g. `url("hls/live/index.m3u8")`.
    func url(_ path: String) -> URL { server.url("/" + path) }

    /// Answers `path` (without query) with `script(request, n)`, n counting the requests to
    /// that path from 1; a script returning nil serves the fixture file as usual.
    func script(_ path: String, _ script: @escaping Script) {
        state.scripts.withLock { $0["/" + path] = script }
    }

    func stop() async throws { try await server.stop() }

    /// What the handler needs, shared without capturing the server itself.
    private final class State: Sendable {
        let scripts = Mutex<[String: Script]>([:])
        let counts = Mutex<[String: Int]>([:])

        func answer(_ request: TestRequest) -> TestResponse {
            let n = counts.withLock { counts in
                counts[request.path, default: 0] += 1
                return counts[request.path, default: 0]
            }
            if let script = scripts.withLock({ $0[request.path] }), let response = script(request, n) {
                return response
            }
            return Self.file(request.path)
        }

        static func file(_ path: String) -> TestResponse {
            let relative = String(path.drop(while: { $0 == "/" }))
            guard !relative.contains(".."),
                let data = FileManager.default.contents(atPath: Fixtures.path(relative))
            else { return .notFound }
            return .ok([UInt8](data), contentType: contentType(of: relative))
        }

        static func contentType(of path: String) -> String {
            switch URL(fileURLWithPath: path).pathExtension {
            case "m3u8": "application/vnd.apple.mpegurl"
            case "ts": "video/mp2t"
            case "mp4", "m4s": "video/mp4"
            default: "application/octet-stream"
            }
        }
    }
}
