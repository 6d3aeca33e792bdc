import Algorithms
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
/// A class with a lock rather than an actor: a call into an actor is two executor hand-offs
/// (in and back), measured at some 6 % of an `on_play`/`on_stop`'s CPU for a few dictionary
/// operations. No lock is held across an `await`.
public final class ViewerRegistry: Sendable {
    private struct State {
        var sessions: [String: [String: ViewerSession]] = [:]
        var added: [ViewerKey: ViewerSession] = [:]
        var removed: Set<ViewerKey> = []
        /// Rooms whose count changed since their last `viewers.changed`.
        var changedRooms: Set<String> = []

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
    /// What each room's last `viewers.changed` said, and when. Only `flush` and `removeRoom`
    /// take this lock.
    private let reports = Mutex([String: (count: Int, at: ContinuousClock.Instant)]())
    /// At most one `viewers.changed` per room per this interval.
    private let eventInterval: Duration
    private let now: @Sendable () -> ContinuousClock.Instant

    /// `now` is the clock the event interval is measured on (tests move their own).
    public init(
        store: any RoomStore, node: String, eventInterval: Duration = .seconds(1),
        now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }
    ) {
        self.store = store
        self.node = node
        self.eventInterval = eventInterval
        self.now = now
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
        }
        reports.withLock { _ = $0.removeValue(forKey: roomId) }
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

    /// Rooms counted per hold of the lock in `flush`, and events encoded, before the flush
    /// lets other tasks run: a busy flush is milliseconds of work on one of the few threads
    /// that also run the hooks.
    private static let chunk = 128

    /// Puts rooms back among the changed ones, a chunk per hold of the lock.
    private func markChanged(_ roomIds: [String]) {
        for chunk in roomIds.chunks(ofCount: Self.chunk) {
            state.withLock { $0.changedRooms.formUnion(chunk) }
        }
    }

    /// Writes pending changes, with a `viewers.changed` event for each room whose count
    /// changed and was not reported within `eventInterval` (the others wait for a later
    /// flush); on failure everything stays pending for the next flush.
    ///
    /// A busy node has thousands of changed rooms per flush, and every `on_play`/`on_stop`
    /// waits for the lock the flush takes: done in one hold, counting them and encoding their
    /// events held it for 1-2 ms per flush. So the lock is taken only to move sets out and back
    /// and to count a chunk of rooms at a time, what was last reported lives under a lock of
    /// its own that no hook takes, and the flush yields its thread between chunks.
    public func flush() async throws {
        let now = self.now()
        let eventInterval = eventInterval
        // Moved out, not copied: hooks that change a room meanwhile start a new set.
        let changed: Set<String>? = state.withLock { state in
            guard !state.added.isEmpty || !state.removed.isEmpty || !state.changedRooms.isEmpty else { return nil }
            defer { state.changedRooms = [] }
            return state.changedRooms
        }
        guard let changed else { return }
        let (due, waiting) = reports.withLock { reported in
            changed.reduce(into: ([String](), [String]())) { split, roomId in
                if reported[roomId].map({ now - $0.at >= eventInterval }) ?? true {
                    split.0.append(roomId)
                } else {
                    split.1.append(roomId)
                }
            }
        }
        markChanged(waiting)
        // The totals across nodes sharing the store, in one read (a busy node reports
        // thousands of rooms per flush). First, so that a failed read leaves everything
        // pending. The counts are taken before the batch, so every session an event counts
        // is in this batch or an earlier one.
        let others: [String: Int]
        do {
            others = due.isEmpty ? [:] : try await store.viewerCounts(roomIds: due, excludingNode: node)
        } catch {
            markChanged(due)
            throw error
        }
        var totals: [(roomId: String, total: Int)] = []
        totals.reserveCapacity(due.count)
        for chunk in due.chunks(ofCount: Self.chunk) {
            state.withLock { state in
                for roomId in chunk { totals.append((roomId, state.count(roomId) + (others[roomId] ?? 0))) }
            }
            await Task.yield()
        }
        let (batchAdded, batchRemoved) = state.withLock { state in
            defer {
                state.added = [:]
                state.removed = []
            }
            return (Array(state.added.values), Array(state.removed))
        }
        let reporting = reports.withLock { reported in
            totals.filter { $0.total != reported[$0.roomId]?.count ?? 0 }  // else back where it was
        }
        var events: [EventDraft] = []
        events.reserveCapacity(reporting.count)
        for chunk in reporting.chunks(ofCount: Self.chunk) {
            for room in chunk {
                events.append(EventDraft(.viewersChanged, roomId: room.roomId, payload: ViewersEventPayload(roomId: room.roomId, viewers: room.total)))
            }
            await Task.yield()
        }
        do {
            try await store.saveViewers(node: node, added: batchAdded, removed: batchRemoved, events: events)
            reports.withLock { reported in
                for (roomId, total) in reporting { reported[roomId] = (total, now) }
            }
        } catch {
            markChanged(reporting.map(\.roomId))
            state.withLock { state in
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
