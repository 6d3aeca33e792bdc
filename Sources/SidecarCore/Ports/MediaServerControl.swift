import Foundation

/// What the daemon asks of the media server (SRS's HTTP API, nginx-rtmp's control module).
public protocol MediaServerControl: Sendable {
    /// Disconnects a client. Returns false when the server did not know the client.
    func kick(clientId: String) async throws -> Bool
    /// Whether a client is still connected.
    func isConnected(clientId: String) async throws -> Bool
}

/// Checks a room's HLS once (an adapter around HLSProbe).
public protocol ReadinessChecking: Sendable {
    func check(hlsURL: String) async -> ReadinessCheck
}

/// One readiness check's outcome, with the full verdict as JSON for the API.
public struct ReadinessCheck: Sendable, Equatable {
    public var ready: Bool
    public var reason: String?
    public var message: String
    public var verdict: Data

    public init(ready: Bool, reason: String?, message: String, verdict: Data) {
        self.ready = ready
        self.reason = reason
        self.message = message
        self.verdict = verdict
    }
}
