import Foundation
import Prometheus
import SidecarCore

/// The outbox and delivery metrics (see docs/webhooks.md).
public struct WebhookMetrics: Sendable {
    let depth: Gauge
    let oldestAge: Gauge
    let dead: Gauge
    let delivered: Counter
    let failed: Counter
    let deadLettered: Counter
    let delay: DurationHistogram

    public init(registry: PrometheusCollectorRegistry) {
        depth = registry.makeGauge(name: "sidecar_outbox_depth")
        oldestAge = registry.makeGauge(name: "sidecar_outbox_oldest_undelivered_seconds")
        dead = registry.makeGauge(name: "sidecar_outbox_dead_letters")
        delivered = registry.makeCounter(name: "sidecar_webhook_deliveries_total", labels: [("result", "delivered")])
        failed = registry.makeCounter(name: "sidecar_webhook_deliveries_total", labels: [("result", "failed")])
        deadLettered = registry.makeCounter(name: "sidecar_webhook_deliveries_total", labels: [("result", "dead")])
        delay = registry.makeDurationHistogram(
            name: "sidecar_webhook_delivery_delay_seconds",
            buckets: [.milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
                .milliseconds(500), .seconds(2), .seconds(10), .seconds(60), .seconds(600), .seconds(3600)])
    }

    func record(_ outcome: DeliveryResult.Outcome, eventTime: Date, now: Date) {
        switch outcome {
        case .delivered:
            delivered.increment()
            delay.record(.milliseconds(max(0, Int64(now.timeIntervalSince(eventTime) * 1000))))
        case .retry: failed.increment()
        case .dead: deadLettered.increment()
        }
    }

    func update(_ stats: OutboxStats, now: Date) {
        depth.set(Double(stats.depth))
        dead.set(Double(stats.dead))
        oldestAge.set(stats.oldestUndelivered.map { max(0, now.timeIntervalSince($0)) } ?? 0)
    }
}
