import Foundation
import SidecarCore
import Synchronization

/// Stands in for the ffmpeg mixers in unit tests: remembers every start and stop.
public final class RecordingMixer: MixerControl {
    private struct State {
        var running: [String: MixerSpec] = [:]
        var starts: [MixerSpec] = []
        var stops: [String] = []
    }

    private let state = Mutex(State())

    public init() {}

    public func start(_ spec: MixerSpec) async {
        state.withLock { state in
            guard state.running[spec.id] != spec else { return }
            state.running[spec.id] = spec
            state.starts.append(spec)
        }
    }

    public func stop(id: String) async {
        state.withLock { state in
            if state.running.removeValue(forKey: id) != nil { state.stops.append(id) }
        }
    }

    public func status(id: String) async -> MixerStatus? {
        state.withLock { state in
            state.running[id].map { spec in
                MixerStatus(phase: .running, pid: 4242, placeholders: (spec.hostLive ? [] : [.host]) + (spec.guestLive ? [] : [.guest]))
            }
        }
    }

    public var starts: [MixerSpec] { state.withLock { $0.starts } }
    public var stops: [String] { state.withLock { $0.stops } }
    public func running(_ id: String) -> MixerSpec? { state.withLock { $0.running[id] } }
}

/// A readiness check whose answer the test sets (the mix's HLS).
public final class SwitchableReadiness: ReadinessChecking {
    private let state = Mutex((ready: false, checks: 0))

    public init() {}

    public func setReady(_ ready: Bool) { state.withLock { $0.ready = ready } }
    public var checks: Int { state.withLock { $0.checks } }

    public func check(hlsURL: String) async -> ReadinessCheck {
        let ready = state.withLock { state in
            state.checks += 1
            return state.ready
        }
        return ReadinessCheck(
            ready: ready, reason: ready ? nil : "playlist_not_found", message: ready ? "ready" : "playlist answered 404",
            verdict: Data(#"{"ready":\#(ready)}"#.utf8))
    }
}
