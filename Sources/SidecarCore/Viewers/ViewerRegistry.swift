import Foundation
import Logging

/// Who is watching which room on this node, kept in memory and written behind in batches.
///
/// `on_play`/`on_stop` arrive for every viewer and must stay cheap, so they change memory
/// only; `flush()` (run every fraction of a second by the daemon, and at shutdown) persists
/// the changes in one transaction. A crash loses at most one interval of viewer changes,
/// which reconciliation with the media server's client list corrects; stream state (live,
/// idle) is never written behind.
public actor ViewerRegistry {
    private let store: any RoomStore
    private let node: String
    private var sessions: [String: [String: ViewerSession]] = [:]
    private var added: [ViewerKey: ViewerSession] = [:]
    private var removed: Set<ViewerKey> = []
    /// Rooms whose count changed since their last `viewers.changed`, and what that said.
    private var changedRooms: Set<String> = []
    private var reported: [String: (count: Int, at: ContinuousClock.Instant)] = [:]
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
        sessions = [:]
        for session in stored { sessions[session.roomId, default: [:]][session.clientId] = session }
    }

    /// Adds a viewer; a duplicate `on_play` for the same client changes nothing.
    public func add(_ session: ViewerSession) {
        guard sessions[session.roomId]?[session.clientId] == nil else { return }
        sessions[session.roomId, default: [:]][session.clientId] = session
        removed.remove(session.key)
        added[session.key] = session
        changedRooms.insert(session.roomId)
    }

    public func remove(_ key: ViewerKey) {
        guard sessions[key.roomId]?.removeValue(forKey: key.clientId) != nil else { return }
        if sessions[key.roomId]?.isEmpty == true { sessions[key.roomId] = nil }
        if added.removeValue(forKey: key) == nil { removed.insert(key) }
        changedRooms.insert(key.roomId)
    }

    /// Forgets a closed room's viewers (the store deletes their rows with the room).
    public func removeRoom(_ roomId: String) {
        sessions[roomId] = nil
        added = added.filter { $0.key.roomId != roomId }
        removed = removed.filter { $0.roomId != roomId }
        changedRooms.remove(roomId)
        reported[roomId] = nil
    }

    public func count(roomId: String) -> Int {
        sessions[roomId]?.count ?? 0
    }

    /// Every session of this node, for reconciliation with the media server's client list.
    public func allSessions() -> [ViewerSession] {
        sessions.values.flatMap(\.values)
    }

    /// Removes sessions the media server no longer has, each only if it is still exactly as
    /// given: a viewer that left and came back meanwhile (a new `on_play`) stays. Returns the
    /// sessions removed.
    public func removeGone(_ gone: [ViewerSession]) -> [ViewerSession] {
        var removedNow: [ViewerSession] = []
        for session in gone where sessions[session.roomId]?[session.clientId] == session {
            remove(session.key)
            removedNow.append(session)
        }
        return removedNow
    }

    /// Writes pending changes, with a `viewers.changed` event for each room whose count
    /// changed and was not reported within `eventInterval` (the others wait for a later
    /// flush); on failure everything stays pending for the next flush.
    public func flush() async throws {
        guard !added.isEmpty || !removed.isEmpty || !changedRooms.isEmpty else { return }
        let now = clock.now
        let due = changedRooms.filter { roomId in reported[roomId].map { now - $0.at >= eventInterval } ?? true }
        // The totals across nodes sharing the store, in one read (a busy node reports
        // thousands of rooms per flush). First, so that a failed read leaves everything
        // pending; from here to the write nothing awaits, so the batch and the counts agree.
        let others = due.isEmpty ? [:] : try await store.viewerCounts(roomIds: Array(due), excludingNode: node)
        let batchAdded = Array(added.values)
        let batchRemoved = Array(removed)
        added = [:]
        removed = []
        var events: [EventDraft] = []
        var reporting: [(String, Int)] = []
        for roomId in due where changedRooms.contains(roomId) {
            let total = count(roomId: roomId) + (others[roomId] ?? 0)
            changedRooms.remove(roomId)
            guard total != reported[roomId]?.count ?? 0 else { continue }  // back where it was
            events.append(EventDraft(.viewersChanged, roomId: roomId, payload: ViewersEventPayload(roomId: roomId, viewers: total)))
            reporting.append((roomId, total))
        }
        do {
            try await store.saveViewers(node: node, added: batchAdded, removed: batchRemoved, events: events)
            for (roomId, total) in reporting { reported[roomId] = (total, now) }
        } catch {
            for (roomId, _) in reporting { changedRooms.insert(roomId) }
            // Put back what is still true, without undoing changes made meanwhile.
            for session in batchAdded where sessions[session.roomId]?[session.clientId] != nil && !removed.contains(session.key) {
                added[session.key] = added[session.key] ?? session
            }
            for key in batchRemoved where sessions[key.roomId]?[key.clientId] == nil && added[key] == nil {
                removed.insert(key)
            }
            throw error
        }
    }
}
