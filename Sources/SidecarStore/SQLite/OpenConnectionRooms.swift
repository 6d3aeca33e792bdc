import Synchronization

/// Which rooms have an open connection (co-hosting), for the store that owns its database
/// (`SQLiteRoomStore.Options.ownsDatabase`). Every accepted publish and unpublish asks whether
/// its room has one, to tell the connection its host came or went; nearly always none does,
/// and this answers that without a read.
///
/// The whole set is read in one query when first needed and forgotten after every write of
/// a connection (rare: a co-hosting starts, changes or ends), under the same rule as
/// `RoomSnapshots`: a set read while a write was under way is not kept.
final class OpenConnectionRooms: Sendable {
    private struct State {
        var generation: UInt64 = 0
        /// nil: not known.
        var rooms: Set<String>?
    }

    private let state = Mutex(State())

    /// Taken before reading the set from the database.
    var generation: UInt64 { state.withLock { $0.generation } }

    /// nil when the set is not known.
    func hasOpenConnection(roomId: String) -> Bool? {
        state.withLock { $0.rooms?.contains(roomId) }
    }

    func keep(_ rooms: Set<String>, readAt generation: UInt64) {
        state.withLock { state in
            guard state.generation == generation else { return }
            state.rooms = rooms
        }
    }

    /// After a write of connections, committed or not.
    func forget() {
        state.withLock { state in
            state.generation &+= 1
            state.rooms = nil
        }
    }
}
