internal import CCurl
internal import CCurlShims
import Foundation
import Logging

/// The loop thread's side of `CurlMultiLoop`: it owns the multi handle, the active transfers and
/// a small pool of idle easy handles. Created and used on the loop thread only.
final class CurlMultiWorker {
    private let loop: CurlMultiLoop
    private var multi: UnsafeMutableRawPointer?
    private var active: [UnsafeMutableRawPointer: CurlTransfer] = [:]
    private var activeByID: [UInt64: UnsafeMutableRawPointer] = [:]
    /// Reset easy handles kept for reuse: saves an allocation and setup per request.
    private var idleHandles: [UnsafeMutableRawPointer] = []
    private let maxIdleHandles: Int

    init(loop: CurlMultiLoop) {
        self.loop = loop
        maxIdleHandles = min(16, max(1, loop.maxConnections))
    }

    func run() {
        if let failure = CurlGlobal.initialize() {
            stop(reason: "libcurl could not be initialised: \(failure)")
            return
        }
        guard let multi = curl_multi_init() else {
            stop(reason: "libcurl could not create a multi handle")
            return
        }
        self.multi = multi
        // Idle connections kept open for reuse, across all hosts.
        _ = sc_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, loop.maxConnections)
        let handle = CurlMultiLoop.WakeupHandle(multi: multi)
        loop.shared.withLock { $0.multi = handle }

        while true {
            let (jobs, cancelled, stopping) = loop.shared.withLock { state in
                defer { state.pending.removeAll(); state.cancelled.removeAll() }
                return (state.pending, state.cancelled, state.stopping)
            }
            if stopping {
                for job in jobs { job.fail(.shutdown, "the HTTP client was shut down") }
                break
            }
            for job in jobs { start(job, on: multi) }
            for id in cancelled { abort(id, code: .cancelled, message: "the request was cancelled") }

            var running: Int32 = 0
            let performed = curl_multi_perform(multi, &running)
            if performed != CURLM_OK { logMultiError("curl_multi_perform", performed) }
            collectFinished(on: multi)
            // Sleeps until a socket is ready, a libcurl timer is due, or a wakeup arrives.
            let polled = curl_multi_poll(multi, nil, 0, 1000, nil)
            if polled != CURLM_OK {
                logMultiError("curl_multi_poll", polled)
                usleep(10_000)  // do not spin if polling keeps failing
            }
        }
        stop(reason: "the HTTP client was shut down")
    }

    private func start(_ job: CurlJob, on multi: UnsafeMutableRawPointer) {
        let request = job.request
        guard let easy = idleHandles.popLast() ?? curl_easy_init() else {
            job.fail(.transfer, "libcurl could not create an easy handle")
            return
        }
        let transfer = CurlTransfer(job: job, easy: easy)
        let configured = transfer.configure()
        guard configured == CURLE_OK else {
            let error = HTTPFetchError(
                curlCode: configured, detail: "", bodyLimitHit: false, maxBodyBytes: request.maxBodyBytes,
                url: request.url.absoluteString, timings: nil)
            recycle(easy)
            job.finish(.failure(error))
            return
        }
        let added = curl_multi_add_handle(multi, easy)
        guard added == CURLM_OK else {
            recycle(easy)
            job.fail(.transfer, "curl_multi_add_handle: \(String(cString: curl_multi_strerror(added)))")
            return
        }
        active[easy] = transfer
        activeByID[request.id] = easy
        loop.logger.trace("fetch started", metadata: ["url": "\(request.url.absoluteString)"])
    }

    private func collectFinished(on multi: UnsafeMutableRawPointer) {
        var queued: Int32 = 0
        while let message = curl_multi_info_read(multi, &queued) {
            guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle else { continue }
            // Copy out before remove_handle: it invalidates `message`.
            let code = message.pointee.data.result
            guard let transfer = active.removeValue(forKey: easy) else { continue }
            activeByID[transfer.job.id] = nil
            let outcome = transfer.outcome(code)
            curl_multi_remove_handle(multi, easy)
            recycle(easy)
            if case .failure(let error) = outcome {
                loop.logger.debug("fetch failed", metadata: ["error": "\(error)"])
            }
            transfer.job.finish(outcome)
        }
    }

    /// Takes a running transfer out of the multi handle and fails it. An aborted transfer's
    /// connection is closed by libcurl, not returned to the cache.
    private func abort(_ id: UInt64, code: HTTPFetchError.Code, message: String) {
        guard let easy = activeByID.removeValue(forKey: id), let transfer = active.removeValue(forKey: easy)
        else { return }
        if let multi { curl_multi_remove_handle(multi, easy) }
        recycle(easy)
        transfer.job.fail(code, message)
    }

    /// Clears every option (including our callback pointers) before the handle is reused or freed.
    private func recycle(_ easy: UnsafeMutableRawPointer) {
        if idleHandles.count < maxIdleHandles {
            curl_easy_reset(easy)
            idleHandles.append(easy)
        } else {
            curl_easy_cleanup(easy)
        }
    }

    /// Fails everything still queued or running, then frees every libcurl handle.
    private func stop(reason: String) {
        let leftovers = loop.shared.withLock { state in
            defer { state.pending.removeAll() }
            state.stopping = true
            state.multi = nil  // from here on nobody may wake the handle we are about to free
            return state.pending
        }
        for job in leftovers { job.fail(.shutdown, reason) }
        for id in Array(activeByID.keys) { abort(id, code: .shutdown, message: reason) }
        for easy in idleHandles { curl_easy_cleanup(easy) }
        idleHandles.removeAll()
        if let multi { curl_multi_cleanup(multi) }
        multi = nil
        loop.logger.debug("curl loop stopped")
    }

    private func logMultiError(_ function: String, _ code: CURLMcode) {
        loop.logger.error("\(function) failed: \(String(cString: curl_multi_strerror(code)))")
    }
}
