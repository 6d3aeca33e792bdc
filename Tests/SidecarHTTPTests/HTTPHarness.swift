import Foundation
import Hummingbird
import HummingbirdTesting
import SidecarCore
import SidecarHTTP
import SidecarTestSupport

/// The daemon's HTTP application over a `SidecarHarness`, for live (real TCP) tests.
struct HTTPHarness {
    static let token = "test-api-token"

    let core: SidecarHarness
    let router: Router<SidecarRequestContext>

    init(
        readyAfter: Int = 1000, hookAllow: [String] = ["127.0.0.1/32", "::1/128"], hookSecret: String? = nil,
        mediaServer: MediaServerKind = .srs, mediaServerId: String? = nil
    ) async throws {
        // Readiness at the daemon's real rhythm: these tests are about HTTP, and a fast
        // monitor would add room.not_playable events while they run.
        core = try await SidecarHarness(readyAfter: readyAfter, readiness: .init(attempts: 3, interval: .seconds(3), recheckInterval: .seconds(2)))
        router = buildSidecarRouter(SidecarHTTPDependencies(
            hooks: core.hooks, rooms: core.rooms, metrics: SidecarMetrics(), apiToken: Self.token,
            hookAllow: hookAllow.compactMap(CIDR.init), hookSecret: hookSecret,
            events: EventFeed(events: core.store, deliveries: core.store, signal: core.store.eventSignal),
            recordings: core.recordings, mediaServer: mediaServer, mediaServerId: mediaServerId, connections: core.connections))
    }

    var app: some ApplicationProtocol {
        Application(router: router, server: sidecarHTTPServer(), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }

    static var auth: HTTPFields { [.authorization: "Bearer \(token)", .contentType: "application/json"] }

    static func json(_ buffer: ByteBuffer) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(buffer.readableBytesView)) as? [String: Any] ?? [:]
    }
}
