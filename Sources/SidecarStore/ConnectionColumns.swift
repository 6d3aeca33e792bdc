import SidecarCore

/// The connections table's columns, in the order both backends bind and decode them.
enum ConnectionColumns {
    static let list = """
        id, room_id, host_live_id, guest, guest_live_id, guest_key_hash, mix_live_id, state, state_since, \
        reason, host_live, guest_live, guest_client_id, mix_live, mix_client_id, node, created_at, \
        pending_until, ended_at
        """
    static let count = 19

    /// `mutateConnection` may only write the connection it was shown.
    static func validate(_ write: Connection?, current: Connection?) throws {
        guard let write else { return }
        guard let current, current.id == write.id else {
            throw StoreError.conflict("mutateConnection: the decision writes connection \(write.id), not the one that was read")
        }
    }
}
