import Prometheus
import SidecarCore

/// Reconciliation's counters, on the same registry as `SidecarMetrics` (so `/metrics` shows
/// them). A separate type because reconciliation runs in the daemon, not behind a route.
///
/// - `sidecar_reconcile_corrections_total{kind}`: `room_idle` (a live room whose publisher was
///   gone), `publisher_kicked` (a publisher no room accepted), `viewer_removed` (a viewer gone
///   without `on_stop`).
/// - `sidecar_reconcile_runs_total{result}`: `completed`, `srs_unavailable` (SRS's API did not
///   answer; nothing changed), `store_unavailable`.
/// - `sidecar_reconcile_failures_total`: corrections that were due but failed (retried).
/// - `sidecar_srs_restarts_total`: SRS restarts noticed (its `service` id changed).
public struct ReconcileMetrics: Sendable {
    private let roomsIdled: Counter
    private let publishersKicked: Counter
    private let viewersRemoved: Counter
    private let completed: Counter
    private let srsUnavailable: Counter
    private let storeUnavailable: Counter
    private let failures: Counter
    private let restarts: Counter

    public init(registry: PrometheusCollectorRegistry) {
        let corrections = MetricNameDescriptor(
            namespace: "sidecar", subsystem: "reconcile", metricName: "corrections", unitName: "total",
            helpText: "Corrections made by reconciling with SRS, by kind")
        let runs = MetricNameDescriptor(
            namespace: "sidecar", subsystem: "reconcile", metricName: "runs", unitName: "total",
            helpText: "Reconciliation passes, by result")
        roomsIdled = registry.makeCounter(descriptor: corrections, labels: [("kind", "room_idle")])
        publishersKicked = registry.makeCounter(descriptor: corrections, labels: [("kind", "publisher_kicked")])
        viewersRemoved = registry.makeCounter(descriptor: corrections, labels: [("kind", "viewer_removed")])
        completed = registry.makeCounter(descriptor: runs, labels: [("result", "completed")])
        srsUnavailable = registry.makeCounter(descriptor: runs, labels: [("result", "srs_unavailable")])
        storeUnavailable = registry.makeCounter(descriptor: runs, labels: [("result", "store_unavailable")])
        failures = registry.makeCounter(descriptor: MetricNameDescriptor(
            namespace: "sidecar", subsystem: "reconcile", metricName: "failures", unitName: "total",
            helpText: "Reconciliation corrections that were due but failed (retried next pass)"))
        restarts = registry.makeCounter(descriptor: MetricNameDescriptor(
            namespace: "sidecar", subsystem: "srs", metricName: "restarts", unitName: "total",
            helpText: "SRS restarts noticed by reconciliation (its service id changed)"))
    }

    public func record(_ report: ReconcileReport) {
        switch report.outcome {
        case .completed: completed.increment()
        case .mediaServerUnavailable: srsUnavailable.increment()
        case .storeUnavailable: storeUnavailable.increment()
        }
        if report.restartDetected { restarts.increment() }
        roomsIdled.increment(by: Int64(report.roomsIdled.count))
        publishersKicked.increment(by: Int64(report.publishersKicked.count))
        viewersRemoved.increment(by: Int64(report.viewersRemoved.count))
        failures.increment(by: Int64(report.failures))
    }
}
