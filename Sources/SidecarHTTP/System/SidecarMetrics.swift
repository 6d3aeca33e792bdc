import Prometheus

/// The daemon's Prometheus metrics. Instruments are made once up front, so recording one on
/// the hook path is a couple of atomic adds, no registry lookup.
public struct SidecarMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    private let hooks: [String: (allowed: Counter, denied: Counter, latency: DurationHistogram)]
    private let unknownHooks: Counter

    /// SRS's actions, then the nginx-rtmp events that SRS has no action of the same name for.
    static let actions = [
        "on_connect", "on_publish", "on_unpublish", "on_play", "on_stop", "on_close", "on_hls", "on_dvr",
        "on_publish_done", "on_play_done", "on_done", "on_record_done", "on_update",
    ]
    static let buckets: [Duration] = [.microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2.5),
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(100), .milliseconds(500), .seconds(2)]

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        var hooks: [String: (Counter, Counter, DurationHistogram)] = [:]
        for action in Self.actions {
            hooks[action] = (
                registry.makeCounter(name: "sidecar_hooks_total", labels: [("action", action), ("result", "allowed")]),
                registry.makeCounter(name: "sidecar_hooks_total", labels: [("action", action), ("result", "denied")]),
                registry.makeDurationHistogram(name: "sidecar_hook_duration_seconds", labels: [("action", action)], buckets: Self.buckets)
            )
        }
        self.hooks = hooks
        unknownHooks = registry.makeCounter(name: "sidecar_hooks_total", labels: [("action", "unknown"), ("result", "denied")])
    }

    func recordHook(action: String, allowed: Bool, duration: Duration) {
        guard let instruments = hooks[action] else {
            unknownHooks.increment()
            return
        }
        (allowed ? instruments.allowed : instruments.denied).increment()
        instruments.latency.record(duration)
    }

    public func exposition() -> [UInt8] { registry.emitToBuffer() }
}
