import Logging
import ServiceLifecycle
import SidecarCore
import SidecarHTTP

/// Runs reconciliation with SRS once at start, then every `interval`.
///
/// The first pass waits for `ready` (fired once the HTTP server runs, i.e. after the store's
/// migration and the viewer registry's load). An interval of zero keeps only the start pass:
/// whatever happened while the daemon was down (lost end hooks, an SRS restart) is healed
/// once, and lost hooks after that stay uncorrected until the next start.
struct ReconcileLoop: Service {
    let reconciler: ReconcileService
    let interval: Duration
    let metrics: ReconcileMetrics
    let ready: StartSignal
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown { await ready.wait() }
        guard !Task.isShuttingDownGracefully && !Task.isCancelled else { return }
        await pass()
        guard interval > .zero else {
            logger.info("periodic reconciliation is off (reconcile.interval 0)")
            // Returning would end the whole group; wait for shutdown instead.
            try? await gracefulShutdown()
            return
        }
        while true {
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            if Task.isShuttingDownGracefully || Task.isCancelled { return }
            await pass()
        }
    }

    private func pass() async {
        let report = await reconciler.reconcile()
        metrics.record(report)
        if report.corrections > 0 || report.failures > 0 {
            logger.info("reconciliation pass", metadata: [
                "reconcile.rooms_idled": "\(report.roomsIdled.count)", "reconcile.kicked": "\(report.publishersKicked.count)",
                "reconcile.viewers_removed": "\(report.viewersRemoved.count)", "reconcile.failures": "\(report.failures)"])
        }
    }
}

/// A one-time "go": `wait()` returns once `fire()` was called (before or after), or when the
/// waiting task is cancelled. Only one task may wait.
final class StartSignal: Sendable {
    private let stream: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation

    init() {
        (stream, continuation) = AsyncStream.makeStream()
    }

    func fire() { continuation.finish() }

    func wait() async {
        for await _ in stream {}
    }
}
