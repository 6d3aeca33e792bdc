import Foundation

/// Rooms whose publisher has just left (`on_unpublish`) and may come back.
///
/// Encoders drop and reconnect on a network blip, each time as a new client. Going idle at
/// once and live again seconds later would tell the platform the broadcast ended and
/// restarted; instead the room stays live for `duration`, and a publish inside that time
/// simply takes the dropped publisher's place. Kept in memory only: after a crash inside the
/// window, reconciliation at start finds the publisher gone and makes the room idle.
public actor ReconnectWindow {
    private struct Pending {
        var clientId: String
        var expiry: Task<Void, Never>
    }

    /// How long a dropped publisher may take to come back; zero turns the window off.
    public nonisolated let duration: Duration
    private var pending: [String: Pending] = [:]

    public init(duration: Duration) {
        self.duration = max(duration, .zero)
    }

    public nonisolated var isEnabled: Bool { duration > .zero }

    /// Starts the window of `roomId` for its dropped publisher; `expire` runs when it ends
    /// with nobody back. A second `on_unpublish` for the same client keeps the first deadline.
    func open(roomId: String, clientId: String, expire: @escaping @Sendable () async -> Void) {
        if pending[roomId]?.clientId == clientId { return }
        pending[roomId]?.expiry.cancel()
        let duration = self.duration
        let expiry = Task {
            try? await Task.sleep(for: duration)
            if Task.isCancelled { return }
            await expire()
        }
        pending[roomId] = Pending(clientId: clientId, expiry: expiry)
    }

    /// The dropped publisher of `roomId` while its window is open.
    public func droppedPublisher(roomId: String) -> String? {
        pending[roomId]?.clientId
    }

    /// Rooms whose window is open: reconciliation leaves them to the window.
    public var waitingRoomIds: Set<String> { Set(pending.keys) }

    /// A publisher came back: ends the window of `roomId` if it is still `clientId`'s, and
    /// stops its timer.
    func close(roomId: String, clientId: String) {
        guard let entry = pending[roomId], entry.clientId == clientId else { return }
        pending[roomId] = nil
        entry.expiry.cancel()
    }

    /// The timer fired: ends the window if it is still `clientId`'s and says whether it was.
    /// The timer's task is not cancelled, since it goes on to make the room idle.
    func expire(roomId: String, clientId: String) -> Bool {
        guard pending[roomId]?.clientId == clientId else { return false }
        pending[roomId] = nil
        return true
    }

    /// Drops every window without acting (daemon shutdown): the rooms stay live, and the
    /// next start's reconciliation makes them idle if their publisher did not come back.
    public func cancelAll() {
        for entry in pending.values { entry.expiry.cancel() }
        pending = [:]
    }
}
