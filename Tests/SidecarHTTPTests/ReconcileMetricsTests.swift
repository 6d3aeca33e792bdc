import SidecarCore
import SidecarHTTP
import Testing

@Suite("Reconciliation metrics")
struct ReconcileMetricsTests {
    @Test("corrections are counted by kind, passes by result, restarts and failures on their own")
    func exposition() {
        let metrics = SidecarMetrics()
        let reconcile = ReconcileMetrics(registry: metrics.registry)
        var report = ReconcileReport(outcome: .completed)
        report.restartDetected = true
        report.roomsIdled = ["room-1", "room-2"]
        report.publishersKicked = ["z78do27r"]
        report.viewersRemoved = [ViewerKey(roomId: "room-1", clientId: "q5i0591g")]
        report.failures = 1
        reconcile.record(report)
        reconcile.record(ReconcileReport(outcome: .mediaServerUnavailable("connection refused")))
        let text = String(decoding: metrics.exposition(), as: UTF8.self)
        for line in [
            #"sidecar_reconcile_corrections_total{kind="room_idle"} 2"#,
            #"sidecar_reconcile_corrections_total{kind="publisher_kicked"} 1"#,
            #"sidecar_reconcile_corrections_total{kind="viewer_removed"} 1"#,
            #"sidecar_reconcile_runs_total{result="completed"} 1"#,
            #"sidecar_reconcile_runs_total{result="srs_unavailable"} 1"#,
            #"sidecar_reconcile_runs_total{result="store_unavailable"} 0"#,
            "sidecar_reconcile_failures_total 1",
            "sidecar_srs_restarts_total 1",
        ] {
            #expect(text.contains(line + "\n"), "\(line)")
        }
    }
}
