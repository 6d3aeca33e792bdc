import Foundation
import SidecarCore
import Synchronization

/// Stands in for the media server's stream and client lists: answers the snapshot it was
/// given, or fails like an API that is down.
public final class ScriptedInventory: MediaServerInventory {
    private struct State {
        var snapshot: MediaServerSnapshot
        var failing = false
        var calls = 0
        var whileAnswering: (@Sendable () async -> Void)?
    }

    private let state: Mutex<State>

    public init(_ snapshot: MediaServerSnapshot = ScriptedInventory.empty()) {
        state = Mutex(State(snapshot: snapshot))
    }

    /// An SRS with nothing on it (ids as a real SRS 7.0.18 reported them).
    public static func empty(service: String = "2l022j17") -> MediaServerSnapshot {
        MediaServerSnapshot(serverId: "vid-pq6240v", serviceId: service, streams: [], clients: [])
    }

    public func set(_ snapshot: MediaServerSnapshot) { state.withLock { $0.snapshot = snapshot } }
    public func setFailing(_ failing: Bool) { state.withLock { $0.failing = failing } }
    public var calls: Int { state.withLock { $0.calls } }
    /// Runs `body` after the snapshot is fixed and before it is returned: what happens while
    /// SRS's answer is on its way (a hook racing the reconciliation).
    public func whileAnswering(_ body: (@Sendable () async -> Void)?) { state.withLock { $0.whileAnswering = body } }

    public struct Unavailable: Error, CustomStringConvertible {
        public var description: String { "SRS API GET /api/v1/streams/ failed: connection refused" }
    }

    public func snapshot() async throws -> MediaServerSnapshot {
        let (snapshot, race) = try state.withLock { state in
            state.calls += 1
            if state.failing { throw Unavailable() }
            return (state.snapshot, state.whileAnswering)
        }
        await race?()
        return snapshot
    }
}

extension MediaServerSnapshot {
    /// The snapshot with `clientId` publishing `liveId` (an active stream and its connection).
    public func publishing(_ liveId: String, by clientId: String, app: String = "live") -> MediaServerSnapshot {
        var copy = self
        copy.streams.append(PublishedStream(app: app, name: liveId, publisherClientId: clientId))
        copy.clients.append(MediaClient(id: clientId, role: .publisher, app: app, stream: liveId))
        return copy
    }

    /// The snapshot with a player `clientId` on `liveId`.
    public func playing(_ liveId: String, by clientId: String, app: String = "live") -> MediaServerSnapshot {
        var copy = self
        copy.clients.append(MediaClient(id: clientId, role: .player, app: app, stream: liveId))
        return copy
    }
}
