import Foundation
import SidecarCore

extension SRSControl: MediaServerInventory {
    /// The most streams and clients read per list. SRS pages its lists (`start`, `count`, 10 by
    /// default) and does not cap `count`; one page is read, because pages read one after the
    /// other can skip an entry when the list changes in between. A list that fills the page
    /// makes the snapshot incomplete, and reconciliation then acts on presence only.
    public static let listLimit = 10_000

    /// `GET /api/v1/streams/` then `GET /api/v1/clients/` (with the trailing slash: without it
    /// SRS answers a 302).
    public func snapshot() async throws -> MediaServerSnapshot {
        let query = "?start=0&count=\(Self.listLimit)"
        let streamsPath = "/api/v1/streams/" + query
        let clientsPath = "/api/v1/clients/" + query
        let streams = try await request("GET", streamsPath, as: SRSAPI.Streams.self)
        try Self.check(streams.code, streamsPath)
        let clients = try await request("GET", clientsPath, as: SRSAPI.Clients.self)
        try Self.check(clients.code, clientsPath)
        guard let server = streams.server, let service = streams.service, let streamList = streams.streams else {
            throw APIError(description: "SRS API GET \(streamsPath) answered code 0 without server, service or streams")
        }
        guard let clientList = clients.clients else {
            throw APIError(description: "SRS API GET \(clientsPath) answered code 0 without clients")
        }
        guard clients.server == server, clients.service == service else {
            // Mixing two runs of SRS would make every client of the first look gone.
            throw APIError(description: "SRS API GET \(clientsPath) answered from another SRS run than \(streamsPath) (it restarted?)")
        }
        return Self.snapshot(server: server, service: service, streams: streamList, clients: clientList)
    }

    private static func check(_ code: Int, _ path: String) throws {
        guard code == 0 else { throw APIError(description: "SRS API GET \(path) answered code \(code)") }
    }

    static func snapshot(server: String, service: String, streams: [SRSAPI.Stream], clients: [SRSAPI.Client]) -> MediaServerSnapshot {
        let byId = Dictionary(streams.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let published = streams.compactMap { stream -> PublishedStream? in
            guard let publish = stream.publish, publish.active, let cid = publish.cid, !cid.isEmpty else { return nil }
            return PublishedStream(app: stream.app, name: stream.name, publisherClientId: cid)
        }
        let connected = clients.map { client in
            let isPublisher = client.publish ?? (client.type?.hasSuffix("-publish") ?? false)
            // The stream entry names app and stream exactly; the URL is the fallback when the
            // stream is already gone from the list.
            let (app, name) = byId[client.stream ?? ""].map { ($0.app, $0.name) } ?? appAndStream(client.url)
            return MediaClient(id: client.id, role: isPublisher ? .publisher : .player, app: app, stream: name)
        }
        return MediaServerSnapshot(
            serverId: server, serviceId: service, streams: published, clients: connected,
            isComplete: streams.count < listLimit && clients.count < listLimit)
    }

    /// `/live/room1` → (`live`, `room1`): the last two path components, so that anything SRS
    /// may put in front (it writes `/app/stream` for the default vhost) does not matter.
    static func appAndStream(_ url: String?) -> (String?, String?) {
        let parts = (url ?? "").split(separator: "/")
        guard parts.count >= 2 else { return (nil, nil) }
        return (String(parts[parts.count - 2]), String(parts[parts.count - 1]))
    }
}
