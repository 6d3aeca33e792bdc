import Foundation

/// Reads what the media server is doing right now, for reconciliation.
///
/// A sibling of `MediaServerControl` rather than part of it: reading the whole server is a
/// different job from acting on one client, and fakes of the control port need not grow.
public protocol MediaServerInventory: Sendable {
    /// One consistent-enough picture of the server: its ids, the streams being published and
    /// the connected clients. Throws when the server cannot be asked or answers nonsense.
    func snapshot() async throws -> MediaServerSnapshot
}
