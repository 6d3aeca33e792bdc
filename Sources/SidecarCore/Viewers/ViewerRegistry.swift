import Foundation
import Logging
import Synchronization

/// Who is watching which room on this node, kept in memory and written behind in batches.
///
/// `on_play`/`on_stop` arrive for every viewer and must stay cheap, so they change memory
/// only; `flush()` (run every fraction of a second by the daemon, and at shutdown) persists
/// the changes in one transaction. A crash loses at most one interval of viewer changes,
/// which reconciliation with the media server's client list corrects; stream state (live,
/// idle) is never written behind.
///
/// A class with a lock rather than an actor: a hook's task runs on its connection's event
/// loop, and a call into an actor there is two executor hand-offs (in and back), some 6 % of
/// an `on_play`/`on_stop`'s CPU for a few dictionary operations. No lock is held across an
/// `await`.
public final class ViewerRegistry: Sendable {
    private struct State {
        var sessions: [String: [String: ViewerSession]] = [:]
        var added: [ViewerKey: ViewerSession] = [:]
        var removed: Set<ViewerKey> = []
        /// Rooms whose count changed since their last `viewers.changed`, and what that said.
        var changedRooms: Set<String> = []
        var reported: [String: (count: Int, at: ContinuousClock.Instant)] = [:]

        func count(_ roomId: String) -> Int { sessions[roomId]?.count ?? 0 }

        mutating func remove(_ key: ViewerKey) -> Bool {
            guard sessions[key.roomId]?.removeValue(forKey: key.clientId) != nil else { return false }
            if sessions[key.roomId]?.isEmpty == true { sessions[key.roomId] = nil }
            if added.removeValue(forKey: key) == nil { removed.insert(key) }
            changedRooms.insert(key.roomId)
            return true
        }
    }

    private let store: any RoomStore
    private let node: String
    private let state = Mutex(State())
    /// At most one `viewers.changed` per room per this interval.
    private let eventInterval: Duration
    private let clock = ContinuousClock()

    public init(store: any RoomStore, node: String, eventInterval: Duration = .seconds(1)) {
        self.store = store
        self.node = node
        self.eventInterval = eventInterval
    }

    /// Restores this node's viewers from the store (after a restart).
    public func load() async throws {
        let stored = try await store.viewers(node: node)
        var sessions: [String: [String: ViewerSession]] = [:]
        for session in stored { sessions[session.roomId, default: [:]][session.clientId] = session }
        state.withLock { $0.sessions = sessions }
    }

    /// Adds a viewer; a duplicate `on_play` for the same client changes nothing.
    public func add(_ session: ViewerSession) {
        state.withLock { state in
            guard state.sessions[session.roomId]?[session.clientId] == nil else { return }
            state.sessions[session.roomId, default: [:]][session.clientId] = session
            state.removed.remove(session.key)
            state.added[session.key] = session
            state.changedRooms.insert(session.roomId)
        }
    }

    public func remove(_ key: ViewerKey) {
        state.withLock { _ = $0.remove(key) }
    }

    /// Forgets a closed room's viewers (the store deletes their rows with the room).
    public func removeRoom(_ roomId: String) {
        state.withLock { state in
            state.sessions[roomId] = nil
            state.added = state.added.filter { $0.key.roomId != roomId }
            state.removed = state.removed.filter { $0.roomId != roomId }
            state.changedRooms.remove(roomId)
            state.reported[roomId] = nil
        }
    }

    public func count(roomId: String) -> Int {
        state.withLock { $0.count(roomId) }
    }

    /// Every session of this node, for reconciliation with the media server's client list.
    public func allSessions() -> [ViewerSession] {
        state.withLock { $0.sessions.values.flatMap(\.values) }
    }

    /// Removes sessions the media server no longer has, each only if it is still exactly as
    /// given: a viewer that left and came back meanwhile (a new `on_play`) stays. Returns the
    /// sessions removed.
    public func removeGone(_ gone: [ViewerSession]) -> [ViewerSession] {
        state.withLock { state in
            gone.filter { session in
                state.sessions[session.roomId]?[session.clientId] == session && state.remove(session.key)
            }
        }
    }

    /// Writes pending changes, with a `viewers.changed` event for each room whose count
    /// changed and was not reported within `eventInterval` (the others wait for a later
    /// flush); on failure everything stays pending for the next flush.
    public func flush() async throws {
        let now = clock.now
        let eventInterval = eventInterval
        let due: Set<String>? = state.withLock { state in
            guard !state.added.isEmpty || !state.removed.isEmpty || !state.changedRooms.isEmpty else { return nil }
            return state.changedRooms.filter { roomId in state.reported[roomId].map { now - $0.at >= eventInterval } ?? true }
        }
        guard let due else { return }
        // The totals across nodes sharing the store, in one read (a busy node reports
        // thousands of rooms per flush). First, so that a failed read leaves everything
        // pending; the batch and the counts are then taken together, under one lock.
        let others = due.isEmpty ? [:] : try await store.viewerCounts(roomIds: Array(due), excludingNode: node)
        let (batchAdded, batchRemoved, events, reporting) = state.withLock { state in
            let batchAdded = Array(state.added.values)
            let batchRemoved = Array(state.removed)
            state.added = [:]
            state.removed = []
            var events: [EventDraft] = []
            var reporting: [(String, Int)] = []
            for roomId in due where state.changedRooms.contains(roomId) {
                let total = state.count(roomId) + (others[roomId] ?? 0)
                state.changedRooms.remove(roomId)
                guard total != state.reported[roomId]?.count ?? 0 else { continue }  // back where it was
                events.append(EventDraft(.viewersChanged, roomId: roomId, payload: ViewersEventPayload(roomId: roomId, viewers: total)))
                reporting.append((roomId, total))
            }
            return (batchAdded, batchRemoved, events, reporting)
        }
        do {
            try await store.saveViewers(node: node, added: batchAdded, removed: batchRemoved, events: events)
            state.withLock { state in
                for (roomId, total) in reporting { state.reported[roomId] = (total, now) }
            }
        } catch {
            state.withLock { state in
                for (roomId, _) in reporting { state.changedRooms.insert(roomId) }
                // Put back what is still true, without undoing changes made meanwhile.
                for session in batchAdded
                where state.sessions[session.roomId]?[session.clientId] != nil && !state.removed.contains(session.key) {
                    state.added[session.key] = state.added[session.key] ?? session
                }
                for key in batchRemoved where state.sessions[key.roomId]?[key.clientId] == nil && state.added[key] == nil {
                    state.removed.insert(key)
                }
            }
            throw error
        }
    }
}
