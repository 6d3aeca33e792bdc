import Foundation

/// Compares what we believe with what the media server reports, and says what to correct.
///
/// Pure: no I/O, no clock. The caller reads our state *before* asking the media server, so
/// anything we accepted is older than the snapshot, and every correction is checked again
/// under the room's lock before it is applied (a hook that got there first wins).
public enum Reconciler {
    public struct Input: Sendable {
        /// Rooms the store has as live.
        public var liveRooms: [Room]
        /// This node's viewer sessions.
        public var viewers: [ViewerSession]
        public var snapshot: MediaServerSnapshot
        /// The media server app the sidecar manages.
        public var app: String
        /// Rooms whose reconnect window is open: the window decides for them.
        public var reconnecting: Set<String>
        /// Publishers and viewers that arrived after this are left alone: the media server
        /// may list a client only after its hook was answered (HLS and HTTP-FLV players do),
        /// so a very young one can be missing from a snapshot without being gone.
        public var settledBefore: Date

        public init(
            liveRooms: [Room], viewers: [ViewerSession], snapshot: MediaServerSnapshot, app: String,
            reconnecting: Set<String> = [], settledBefore: Date = .distantFuture
        ) {
            self.liveRooms = liveRooms
            self.viewers = viewers
            self.snapshot = snapshot
            self.app = app
            self.reconnecting = reconnecting
            self.settledBefore = settledBefore
        }
    }

    public static func corrections(_ input: Input) -> ReconcileCorrections {
        var corrections = ReconcileCorrections()
        let snapshot = input.snapshot
        let publishing = Set(snapshot.streams.filter { $0.app == input.app }.map { StreamKey(name: $0.name, clientId: $0.publisherClientId) })
        let clients = Dictionary(snapshot.clients.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })

        // Absence proves something only in a complete snapshot.
        if snapshot.isComplete {
            for room in input.liveRooms {
                guard room.status == .live, let publisher = room.publisher, !input.reconnecting.contains(room.id),
                    publisher.since < input.settledBefore,
                    // Several sidecars may share a store, each beside its own media server:
                    // only rooms that went live on this server are this server's to judge.
                    publisher.serverId == nil || publisher.serverId == snapshot.serverId
                else { continue }
                let streaming = publishing.contains(StreamKey(name: room.liveId, clientId: publisher.clientId))
                if !streaming && !isPublisher(clients[publisher.clientId], of: room.liveId, app: input.app) {
                    corrections.idle.append(.init(roomId: room.id, clientId: publisher.clientId, sessionId: publisher.sessionId))
                }
            }
            for session in input.viewers where session.since < input.settledBefore && clients[session.clientId] == nil {
                corrections.viewers.append(session)
            }
        }

        let live = Dictionary(input.liveRooms.map { ($0.liveId, $0) }, uniquingKeysWith: { first, _ in first })
        for stream in snapshot.streams where stream.app == input.app {
            if !isAccepted(live[stream.name], clientId: stream.publisherClientId) {
                corrections.kick.append(.init(liveId: stream.name, clientId: stream.publisherClientId))
            }
        }
        return corrections
    }

    /// Whether `room` is live from exactly this publisher: anything else publishing its
    /// liveId was never accepted by us.
    public static func isAccepted(_ room: Room?, clientId: String) -> Bool {
        guard let room, room.status == .live else { return false }
        return room.publisher?.clientId == clientId
    }

    /// A client that is still connected as the publisher of `liveId`, although its stream is
    /// not (yet) active: SRS lists the connection before `on_publish` is answered.
    private static func isPublisher(_ client: MediaClient?, of liveId: String, app: String) -> Bool {
        guard let client, client.role == .publisher else { return false }
        return (client.stream == nil || client.stream == liveId) && (client.app == nil || client.app == app)
    }

    private struct StreamKey: Hashable {
        var name: String
        var clientId: String
    }
}
