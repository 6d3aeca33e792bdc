import Foundation
import SidecarCore
import Synchronization

/// Stands in for the media server's control API in unit tests (the end-to-end suite uses a
/// real nginx-rtmp): it remembers who is connected and every kick it was asked for.
public final class RecordingMediaServer: MediaServerControl {
    private struct State {
        var connected: Set<String> = []
        var kicks: [String] = []
        var failing = false
    }

    private let state = Mutex(State())

    public init() {}

    public func connect(_ clientId: String) { state.withLock { _ = $0.connected.insert(clientId) } }
    public func disconnect(_ clientId: String) { state.withLock { _ = $0.connected.remove(clientId) } }
    public func setFailing(_ failing: Bool) { state.withLock { $0.failing = failing } }
    public var kicks: [String] { state.withLock { $0.kicks } }

    public struct Unavailable: Error, CustomStringConvertible {
        public var description: String { "media server API unreachable" }
    }

    public func kick(clientId: String) async throws -> Bool {
        try state.withLock { state in
            if state.failing { throw Unavailable() }
            state.kicks.append(clientId)
            return state.connected.remove(clientId) != nil
        }
    }

    public func isConnected(clientId: String) async throws -> Bool {
        try state.withLock { state in
            if state.failing { throw Unavailable() }
            return state.connected.contains(clientId)
        }
    }
}

/// Readiness answers scripted per call: not ready until `readyAfter` checks, then ready.
public final class ScriptedReadiness: ReadinessChecking {
    private let checks = Mutex(0)
    private let readyAfter: Int

    public init(readyAfter: Int) {
        self.readyAfter = readyAfter
    }

    public var count: Int { checks.withLock { $0 } }

    public func check(hlsURL: String) async -> ReadinessCheck {
        let n = checks.withLock { n in
            n += 1
            return n
        }
        let ready = n > readyAfter
        let verdict = Data(#"{"ready":\#(ready),"url":"\#(hlsURL)","check":\#(n)}"#.utf8)
        return ReadinessCheck(
            ready: ready, reason: ready ? nil : "playlist_not_found",
            message: ready ? "ready" : "playlist answered 404", verdict: verdict)
    }
}
