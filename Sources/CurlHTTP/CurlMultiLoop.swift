internal import CCurl
internal import CCurlShims
import Foundation
import Logging
import Synchronization

/// The one thread per client that drives libcurl's multi interface.
///
/// Callers never block: they append a request to `shared.pending` under a mutex and wake the
/// thread with curl_multi_wakeup (the one multi function libcurl allows from any thread).
/// Everything else that touches libcurl (the multi handle, easy handles, callbacks) happens on
/// the loop thread, in `CurlMultiWorker`. Because every transfer runs on the same multi handle,
/// they share its connection cache and DNS cache: that is what makes connections reusable.
final class CurlMultiLoop: Sendable {
    /// State crossing threads. `multi` is set while the loop thread has a live multi handle,
    /// so a wakeup never targets a handle that is being or has been freed.
    struct Shared {
        var pending: [CurlJob] = []
        var cancelled: [UInt64] = []
        var stopping = false
        var multi: WakeupHandle?
    }

    /// The multi handle as seen from other threads: only curl_multi_wakeup may be called through
    /// it, which libcurl documents as callable from any thread. It is unchecked Sendable because
    /// a raw pointer is not; `Shared.multi` (read under the mutex) bounds its lifetime.
    struct WakeupHandle: @unchecked Sendable {
        let multi: UnsafeMutableRawPointer

        func wakeup() { curl_multi_wakeup(multi) }
    }

    let shared = Mutex(Shared())
    let logger: Logger
    let maxConnections: Int

    init(maxConnections: Int, logger: Logger) {
        self.maxConnections = maxConnections
        self.logger = logger
        // The thread holds the loop strongly until it exits, so the loop outlives its thread.
        let thread = Thread { [self] in CurlMultiWorker(loop: self).run() }
        thread.name = "curl-http"
        thread.start()
    }

    /// Hands a job to the loop thread. Its continuation is always resumed
    /// exactly once: here if the client is shut down or the task already cancelled, else by
    /// the loop thread.
    func submit(_ job: CurlJob) {
        let refusal: HTTPFetchError.Code? = shared.withLock { state in
            if state.stopping { return .shutdown }
            // Checked under the lock so it cannot slip between a concurrent `cancel` (which
            // runs after the cancelled flag is set) and the append below.
            if Task.isCancelled { return .cancelled }
            state.pending.append(job)
            state.multi?.wakeup()
            return nil
        }
        if let refusal {
            job.fail(refusal, refusal == .shutdown ? "the HTTP client was shut down" : "the request was cancelled")
        }
    }

    /// Cancels request `id` wherever it is: still queued (resumed here) or already running
    /// (removed by the loop thread). Unknown or finished ids are ignored.
    func cancel(_ id: UInt64) {
        let queued: CurlJob? = shared.withLock { state in
            if let index = state.pending.firstIndex(where: { $0.id == id }) {
                return state.pending.remove(at: index)
            }
            state.cancelled.append(id)
            state.multi?.wakeup()
            return nil
        }
        queued?.fail(.cancelled, "the request was cancelled")
    }

    /// Idempotent. The loop thread fails in-flight requests with `.shutdown`, frees every
    /// handle and exits; it does not wait for that, so it is safe to call from deinit.
    func shutdown() {
        shared.withLock { state in
            guard !state.stopping else { return }
            state.stopping = true
            state.multi?.wakeup()
        }
    }
}
