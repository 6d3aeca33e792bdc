import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A real HTTP/1.1 server on loopback whose answers come from a Swift closure, for tests.
///
/// Connections are persistent (keep-alive) and every response carries its length, so a client's
/// connection reuse shows in `acceptedConnections`. Runs on `MultiThreadedEventLoopGroup.singleton`.
public final class ScriptedHTTPServer: Sendable {
    public typealias Handler = @Sendable (TestRequest) async -> TestResponse

    private let serverChannel: any Channel
    private let log: ServerLog
    public let port: Int

    private init(serverChannel: any Channel, log: ServerLog, port: Int) {
        self.serverChannel = serverChannel
        self.log = log
        self.port = port
    }

    /// Starts listening; `port: 0` picks a free port.
    public static func start(
        host: String = "127.0.0.1", port: Int = 0, handler: @escaping Handler
    ) async throws -> ScriptedHTTPServer {
        let log = ServerLog()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                guard log.register(channel) else { return channel.close() }
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(ScriptedHandler(log: log, handler: handler))
                }
            }
            .bind(host: host, port: port)
            .get()
        guard let boundPort = channel.localAddress?.port else {
            try? await channel.close()
            throw ServerError.noLocalAddress
        }
        return ScriptedHTTPServer(serverChannel: channel, log: log, port: boundPort)
    }

    /// "http://127.0.0.1:<port>"
    public var baseURL: String {
        let host = serverChannel.localAddress?.ipAddress ?? "127.0.0.1"
        return host.contains(":") ? "http://[\(host)]:\(port)" : "http://\(host):\(port)"
    }

    /// `baseURL` + `path` ("/" added when missing).
    public func url(_ path: String) -> URL {
        let slash = path.hasPrefix("/") ? "" : "/"
        guard let url = URL(string: baseURL + slash + path) else { preconditionFailure("bad test path \(path)") }
        return url
    }

    /// TCP connections accepted so far.
    public var acceptedConnections: Int { log.state.withLock { $0.accepted } }

    /// Every request received, in order of arrival.
    public var requests: [TestRequest] { log.state.withLock { $0.requests } }

    public func requestCount(path: String) -> Int {
        log.state.withLock { state in state.requests.count { $0.path == path } }
    }

    /// Closes the listening socket (new connections are refused) and every open connection.
    /// Idempotent.
    public func stop() async throws {
        guard let open = log.stop() else { return }
        do {
            try await serverChannel.close()
        } catch ChannelError.alreadyClosed {}
        for channel in open { try? await channel.close() }
    }

    enum ServerError: Error { case noLocalAddress }
}

/// What the server saw, shared by the server object and its connection handlers.
final class ServerLog: Sendable {
    struct State {
        var accepted = 0
        var requests: [TestRequest] = []
        var open: [ObjectIdentifier: any Channel] = [:]
        var stopped = false
    }

    let state = Mutex(State())

    /// Counts and tracks a new connection; false once the server is stopped.
    func register(_ channel: any Channel) -> Bool {
        let registered = state.withLock { state in
            guard !state.stopped else { return false }
            state.accepted += 1
            state.open[ObjectIdentifier(channel)] = channel
            return true
        }
        if registered {
            channel.closeFuture.whenComplete { _ in
                _ = self.state.withLock { $0.open.removeValue(forKey: ObjectIdentifier(channel)) }
            }
        }
        return registered
    }

    func record(_ request: TestRequest) {
        state.withLock { $0.requests.append(request) }
    }

    /// Marks the server stopped and returns the connections to close; nil if already stopped.
    func stop() -> [any Channel]? {
        state.withLock { state in
            guard !state.stopped else { return nil }
            state.stopped = true
            return Array(state.open.values)
        }
    }
}
