import SidecarCore
import Synchronization

/// Copies of rooms and bans as last read or written, for the point reads every hook makes
/// (`room(liveId:)`, `room(id:)`, `ban(owner:)`). A store uses it only when it is the one
/// process writing its database (`SQLiteRoomStore.Options.ownsDatabase`): every change then
/// passes through that store, which forgets what it changes once the change commits.
///
/// A read that raced a write must not put back what the write replaced: a copy read from the
/// database is kept only if no write was forgotten since the read began (`generation`). So
/// after a write returns, no reader sees the old value again — a rotated key stops working at
/// once, as it does without the copies.
final class RoomSnapshots: Sendable {
    private struct State {
        var generation: UInt64 = 0
        var rooms: [String: Room] = [:]
        var roomIdsByLiveId: [String: String] = [:]
        /// nil: the owner is known to have no ban (the common case a publish asks about).
        var bans: [String: Ban?] = [:]
    }

    /// Rooms (and bans) kept at most; past it an arbitrary one makes room. A copied room takes
    /// about 2 KB: 100,000 rooms took the daemon from 69 to 269 MB (docs/storage.md).
    let capacity: Int
    private let state = Mutex(State())

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// Sizes the copies for `rooms` rooms (at most `capacity`), the rooms the database holds
    /// at start. Growing a dictionary rehashes and moves every entry while the lock is held:
    /// at tens of thousands of rooms each growth stalled every hook for milliseconds, and
    /// while the copies filled, hooks had a p999 of 30 ms. Sized to the database rather than
    /// to `capacity`, so a small deployment does not reserve memory for rooms it never has.
    func reserve(rooms: Int) {
        let count = min(max(0, rooms), capacity)
        state.withLock { state in
            state.rooms.reserveCapacity(count)
            state.roomIdsByLiveId.reserveCapacity(count)
            state.bans.reserveCapacity(count)
        }
    }

    /// Taken before reading the database; `keep` discards the copy if a write came since.
    var generation: UInt64 { state.withLock { $0.generation } }

    func room(id: String) -> Room? {
        state.withLock { $0.rooms[id] }
    }

    func room(liveId: String) -> Room? {
        state.withLock { state in
            state.roomIdsByLiveId[liveId].flatMap { state.rooms[$0] }
        }
    }

    func room(_ key: RoomKey) -> Room? {
        switch key {
        case .id(let id): room(id: id)
        case .liveId(let liveId): room(liveId: liveId)
        }
    }

    /// After a committed write of `room` (asked for by `key`): its copy becomes the room as
    /// written, in place of what the key or its id held. Bumps the generation, so a read
    /// that started before cannot copy an older row over it.
    func replace(_ key: RoomKey, with room: Room) {
        state.withLock { state in
            state.generation &+= 1
            Self.remove(key, &state)
            insert(room, &state)
        }
    }

    /// Puts `room` in by its id and live id; when the copies are full, an arbitrary other
    /// room makes room for a new one.
    private func insert(_ room: Room, _ state: inout State) {
        if state.rooms[room.id] == nil, state.rooms.count >= capacity, let victim = state.rooms.first {
            state.rooms.remove(at: state.rooms.startIndex)
            state.roomIdsByLiveId[victim.value.liveId] = nil
        }
        if let old = state.rooms.updateValue(room, forKey: room.id), old.liveId != room.liveId {
            state.roomIdsByLiveId[old.liveId] = nil
        }
        state.roomIdsByLiveId[room.liveId] = room.id
    }

    private static func remove(_ key: RoomKey, _ state: inout State) {
        let id: String? =
            switch key {
            case .id(let id): id
            case .liveId(let liveId): state.roomIdsByLiveId[liveId]
            }
        if let id, let old = state.rooms.removeValue(forKey: id) {
            state.roomIdsByLiveId[old.liveId] = nil
        }
        if case .liveId(let liveId) = key { state.roomIdsByLiveId[liveId] = nil }
    }

    /// `.some(nil)`: known to have no ban; nil: not known.
    func ban(owner: String) -> Ban?? {
        state.withLock { $0.bans[owner] }
    }

    func keep(_ room: Room, readAt generation: UInt64) {
        state.withLock { state in
            guard state.generation == generation else { return }
            insert(room, &state)
        }
    }

    func keep(ban: Ban?, owner: String, readAt generation: UInt64) {
        state.withLock { state in
            guard state.generation == generation else { return }
            if state.bans[owner] == nil, state.bans.count >= capacity {
                state.bans.remove(at: state.bans.startIndex)
            }
            state.bans[owner] = .some(ban)
        }
    }

    /// Many rooms and their owners' bans read in one snapshot (the store's warm-up at start),
    /// up to `capacity`: owners of `rooms` missing from `bans` are known to have none.
    func keep(rooms: [Room], bans: [Ban], readAt generation: UInt64) {
        let banned = Dictionary(bans.map { ($0.owner, $0) }, uniquingKeysWith: { first, _ in first })
        state.withLock { state in
            guard state.generation == generation else { return }
            for room in rooms where state.rooms.count < capacity && state.rooms[room.id] == nil {
                state.rooms[room.id] = room
                state.roomIdsByLiveId[room.liveId] = room.id
                if state.bans.count < capacity, state.bans[room.owner] == nil {
                    state.bans[room.owner] = .some(banned[room.owner])
                }
            }
        }
    }

    /// After a write to the room: its copy, found by id or live id, goes.
    func forget(room key: RoomKey) {
        state.withLock { state in
            state.generation &+= 1
            Self.remove(key, &state)
        }
    }

    func forget(banOf owner: String) {
        state.withLock { state in
            state.generation &+= 1
            state.bans[owner] = nil
        }
    }

    var count: (rooms: Int, bans: Int) {
        state.withLock { ($0.rooms.count, $0.bans.count) }
    }

    /// How many rooms the copies hold before their storage must grow.
    var reserved: Int {
        state.withLock { min($0.rooms.capacity, $0.roomIdsByLiveId.capacity, $0.bans.capacity) }
    }
}
