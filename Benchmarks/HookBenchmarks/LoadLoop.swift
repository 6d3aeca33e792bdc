import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// What a connection sends next, and what its answer must say.
struct LoadStep {
    let request: [UInt8]
    /// Whether the answer must allow (SRS's `code` 0) or deny; nil: any 200.
    let expectAllow: Bool?
    /// The answer completes a publish/unpublish pair.
    let endsPair: Bool
}

/// A connection's script: given the run's deadline, its next step, or nil to stop. Called
/// only once the previous step's answer is in, so the steps of a connection stay in order.
typealias LoadScript = (ContinuousClock.Instant) -> LoadStep?

/// Drives keep-alive connections the way wrk does: a few threads (one per core), each with
/// its own `poll` set of connections (a handful each: epoll would buy nothing), each connection with one request in flight.
///
/// Event-driven rather than a blocking thread per connection because the client shares the
/// two cores with the daemon it measures: 16 blocking threads cost a wake-up and a context
/// switch per answer, about 55 µs of client CPU per request against wrk's 20, CPU the
/// daemon then does not get.
enum LoadLoop {
    static func drive(
        connections: Int, port: UInt16, duration: Duration, threads: Int = 2,
        _ makeScript: @escaping @Sendable (Int, LoadResult) -> LoadScript
    ) throws -> LoadResult {
        let sockets = try (0..<connections).map { _ in try Socket.connect(port: port) }
        defer { sockets.forEach { close($0.fd) } }
        let results = (0..<connections).map { _ in LoadResult() }
        let errors = Mutex<[String]>([])
        let done = DispatchGroup()
        let (ready, start) = (DispatchSemaphore(value: 0), DispatchSemaphore(value: 0))
        let threads = max(1, min(threads, connections))
        for thread in 0..<threads {
            let mine = Array(stride(from: thread, to: connections, by: threads))
            let work = UncheckedBox((mine.map { sockets[$0] }, mine.map { results[$0] }))
            done.enter()
            Thread {
                var (connectionSockets, connectionResults) = work.value
                // Scripts build their requests before the run starts: not timed.
                let scripts = zip(mine, connectionResults).map { makeScript($0, $1) }
                ready.signal()
                start.wait()
                do {
                    try run(&connectionSockets, scripts, connectionResults, deadline: ContinuousClock.now + duration)
                } catch {
                    errors.withLock { $0.append("load thread \(thread): \(error)") }
                }
                done.leave()
            }.start()
        }
        for _ in 0..<threads { ready.wait() }
        let began = ContinuousClock.now
        for _ in 0..<threads { start.signal() }
        done.wait()
        let total = LoadResult.combined(results, elapsed: ContinuousClock.now - began)
        if let error = errors.withLock({ $0.first }) { throw BenchError(error) }
        return total
    }

    /// One thread's loop: sends each connection's first step, then on every readable
    /// connection reads, and once its answer is whole records it and sends the next step.
    private static func run(
        _ sockets: inout [Socket], _ scripts: [LoadScript], _ results: [LoadResult], deadline: ContinuousClock.Instant
    ) throws {
        var inFlight: [(step: LoadStep, sent: ContinuousClock.Instant)?] = Array(repeating: nil, count: sockets.count)
        var active = 0
        func sendNext(_ index: Int) throws {
            guard let step = scripts[index](deadline) else {
                inFlight[index] = nil
                return
            }
            inFlight[index] = (step, ContinuousClock.now)
            try sockets[index].send(step.request)
        }
        for index in sockets.indices {
            try sendNext(index)
            if inFlight[index] != nil { active += 1 }
        }
        var fds = sockets.indices.map { pollfd(fd: inFlight[$0] == nil ? -1 : sockets[$0].fd, events: Int16(POLLIN), revents: 0) }
        while active > 0 {
            let ready = poll(&fds, nfds_t(fds.count), 1000)
            if ready < 0 {
                if errno == EINTR { continue }
                throw BenchError("poll: errno \(errno)")
            }
            for index in fds.indices where fds[index].revents != 0 {
                guard let (step, sent) = inFlight[index] else { continue }
                guard let answer = try sockets[index].receive(waiting: false) else { continue }
                results[index].record(status: answer.status, body: answer.body, latency: ContinuousClock.now - sent, expectAllow: step.expectAllow)
                if step.endsPair { results[index].pairs += 1 }
                try sendNext(index)
                if inFlight[index] == nil {
                    active -= 1
                    fds[index].fd = -1  // done: poll skips it
                }
            }
        }
    }
}
