import Dispatch

/// Runs the test server's handlers on a queue of its own instead of Swift's cooperative
/// pool. Test suites run in parallel and some are CPU-bound for seconds (fuzzing, media
/// inspection); with only two cooperative threads on a small CI machine, a server whose
/// handlers waited for that pool would answer late and make unrelated HTTP tests time out.
final class HandlerExecutor: TaskExecutor {
    static let shared = HandlerExecutor()

    private let queue = DispatchQueue(label: "scripted-http-server.handlers", attributes: .concurrent)

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
