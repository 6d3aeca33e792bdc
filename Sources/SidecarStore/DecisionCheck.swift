import SidecarCore

/// The invariants of a `mutateRoom` decision, shared by both backends: it may only write the
/// room it was shown, under that room's id. Anything else would bypass the row lock (another
/// room) or the uniqueness rules of `createRoom` (a room that does not exist).
enum DecisionCheck {
    static func validate<Result>(_ write: RoomDecision<Result>.Write, current: Room?) throws {
        switch write {
        case .none:
            return
        case .update(let room):
            guard let current else {
                throw StoreError.conflict("mutateRoom: .update(\(room.id)) but there is no such room")
            }
            guard room.id == current.id else {
                throw StoreError.conflict("mutateRoom: decide changed the room id from \(current.id) to \(room.id)")
            }
        case .delete(let roomId):
            guard let current, current.id == roomId else {
                throw StoreError.conflict("mutateRoom: .delete(\(roomId)) is not the room that was read")
            }
        }
    }
}
