import SidecarCore
import Synchronization

/// The rooms that writes of the write queue's current batch have changed, uncommitted yet.
///
/// `mutateRoom` reads its room from the copy (`RoomSnapshots`) instead of the database when
/// it can. Copies are settled on the queue's thread after each batch's commit, in commit
/// order, so at the start of a batch every copy is at least as new as the committed row. Within
/// a batch, a room an earlier write changed is newer in the transaction than in any copy (and
/// a reader may even copy its committed row meanwhile): such rooms are read from the
/// transaction. Used only on the queue's thread; the lock is for `Sendable`, never contended.
final class RoomsWrittenInBatch: Sendable {
    private let keys = Mutex(Set<RoomKey>())

    /// After a write's body: the key it asked for, and the room's id and live ids before and
    /// after. Also when the body failed, which changes nothing but costs only a read.
    func insert(_ key: RoomKey, _ mutation: Mutation) {
        keys.withLock { keys in
            keys.insert(key)
            if let current = mutation.current {
                keys.insert(.id(current.id))
                keys.insert(.liveId(current.liveId))
            }
            if case .update(let room) = mutation.write { keys.insert(.liveId(room.liveId)) }
        }
    }

    /// Whether the room asked for by `key`, whose copy has this `id`, changed in this batch.
    func contains(_ key: RoomKey, id: String) -> Bool {
        keys.withLock { $0.contains(key) || $0.contains(.id(id)) }
    }

    func clear() {
        keys.withLock { $0.removeAll(keepingCapacity: true) }
    }
}

/// What a `mutateRoom` write read and wrote: set by its body, read after it on the queue's
/// thread (the write queue runs both there, one after the other).
final class Mutation: @unchecked Sendable {
    var current: Room?
    var write: RoomWrite?
}

/// A `RoomDecision.Write` as written, without its decision's result type.
enum RoomWrite {
    case none
    case update(Room)
    case delete(String)
}
