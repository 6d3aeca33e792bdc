/// The rooms table's columns, in the order both backends bind and decode them (by position,
/// which skips name lookups on the hot read path). The schema is the same in both backends.
enum RoomColumns {
    static let list = """
        id, owner, live_id, key_hash, key_version, created_at, status, status_since, \
        publisher_client_id, publisher_ip, publisher_since, publisher_stream_id, \
        publisher_server_id, publisher_service_id, publisher_session_id, \
        playable, playable_since, is_private, suspension_reason, suspension_since
        """
    static let count = 20
}
