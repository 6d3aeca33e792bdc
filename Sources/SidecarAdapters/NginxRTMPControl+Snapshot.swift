import Foundation
import SidecarCore

extension NginxRTMPControl: MediaServerInventory {
    /// One read of the stat page: every stream of every application with its clients. The
    /// page lists everything at once, so the snapshot is always complete.
    public func snapshot() async throws -> MediaServerSnapshot {
        let stat = try await readStat()
        return Self.snapshot(stat, serverId: serverId, serviceId: runs.serviceId(pid: stat.pid, uptime: stat.uptime, now: Date()))
    }

    static func snapshot(_ stat: NginxRTMPStat, serverId: String, serviceId: String) -> MediaServerSnapshot {
        var streams: [PublishedStream] = []
        var clients: [MediaClient] = []
        for stream in stat.streams {
            for client in stream.clients {
                if client.publishing {
                    streams.append(PublishedStream(app: stream.app, name: stream.name, publisherClientId: client.id))
                }
                clients.append(MediaClient(
                    id: client.id, role: client.publishing ? .publisher : .player, app: stream.app, stream: stream.name))
            }
        }
        return MediaServerSnapshot(serverId: serverId, serviceId: serviceId, streams: streams, clients: clients, isComplete: true)
    }
}
