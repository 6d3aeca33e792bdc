import Logging
import ServiceLifecycle
import SidecarCore

/// Applies the recordings retention rules every `interval`, the first time one interval after
/// the daemon starts (never during a start-up storm).
struct RetentionLoop: Service {
    let recordings: RecordingService
    let interval: Duration
    let ready: StartSignal
    let logger: Logger

    func run() async throws {
        await ready.wait()
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            } catch { return }
            do {
                _ = try await recordings.applyRetention(dryRun: false)
            } catch {
                logger.error("retention pass failed; will retry", metadata: ["error": "\(error)"])
            }
        }
    }
}
