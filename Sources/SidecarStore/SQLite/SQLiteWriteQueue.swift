import Foundation
import GRDB
import NIOCore
import NIOPosix

/// Serializes the store's write transactions and commits them in groups.
///
/// Writes wait suspended (no thread blocked) while one dispatch queue runs them in batches:
/// one IMMEDIATE transaction per batch, each write in its own savepoint. A write that throws
/// rolls back its savepoint only and gets its own error; the others commit together, and each
/// caller resumes only after that commit, so every write is still atomic and durable when it
/// returns. A batch shares one commit, one WAL sync point and the pages its writes have in
/// common (the outbox's last page).
///
/// The queue's own thread, not the caller's: run on an event loop, a batch (about 0.4 ms
/// under load) stalled every other connection of that loop, and SQLite's waits (an fsync with
/// `synchronous = FULL`, another process's write lock) would hold it too. Callers resume on
/// the event loop they wrote from (`resume`), so the hand-off costs one wake-up of the
/// queue's thread per batch and one of each loop, not two per write as GRDB's async API does.
final class SQLiteWriteQueue: @unchecked Sendable {
    private let pool: DatabasePool
    /// Called on the queue's thread after each batch, once its jobs have settled.
    private let batchEnded: @Sendable () -> Void
    private let maxBatch = 64
    private let drainQueue = DispatchQueue(label: "SidecarStore.SQLiteWriteQueue")
    // Guarded by `lock`.
    private let lock = NSLock()
    private var pending: [Job] = []
    private var draining = false
    /// Transactions run and writes run in them, so far (tests check the grouping).
    private var counts = (batches: 0, writes: 0)

    var statistics: (batches: Int, writes: Int) {
        lock.withLock { counts }
    }

    init(pool: DatabasePool, batchEnded: @escaping @Sendable () -> Void = {}) {
        self.pool = pool
        self.batchEnded = batchEnded
    }

    /// Runs `body` in a batch's transaction. On the queue's thread, in batch order: `afterBody`
    /// right after `body` (inside the transaction, before the next write of the batch runs),
    /// and `settle` once the batch's transaction has ended, with whether `body`'s changes were
    /// committed, before any caller of the batch resumes. The store keeps its copies of rows
    /// true with them (`SQLiteRoomStore.write(_:forgetting:_:)` and `mutateRoom`).
    func write<T: Sendable>(
        afterBody: (@Sendable () -> Void)? = nil, settle: (@Sendable (_ committed: Bool) -> Void)? = nil,
        _ body: @escaping @Sendable (Database) throws -> T
    ) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let output = Output<T>()
            let job = Job(
                origin: MultiThreadedEventLoopGroup.currentEventLoop,
                run: { db in
                    defer { afterBody?() }
                    output.value = try body(db)
                },
                settle: settle,
                finish: { outcome in
                    switch (outcome, output.value) {
                    case (.failure(let error), _): continuation.resume(throwing: error)
                    case (.success, let value?): continuation.resume(returning: value)
                    case (.success, nil): continuation.resume(throwing: CancellationError())  // unreachable
                    }
                })
            lock.lock()
            pending.append(job)
            let startDraining = !draining
            draining = true
            lock.unlock()
            if startDraining { drainQueue.async { self.drain() } }
        }
    }

    /// Runs batches until no write is pending.
    private func drain() {
        while true {
            lock.lock()
            let batch = Array(pending.prefix(maxBatch))
            pending.removeFirst(batch.count)
            if batch.isEmpty { draining = false }
            counts = (counts.batches + (batch.isEmpty ? 0 : 1), counts.writes + batch.count)
            lock.unlock()
            if batch.isEmpty { return }
            let unrun = run(batch)
            if !unrun.isEmpty {
                lock.lock()
                pending.insert(contentsOf: unrun, at: 0)
                lock.unlock()
            }
        }
    }

    /// Runs and commits one batch, resumes its callers, and returns the jobs it could not run.
    private func run(_ batch: [Job]) -> [Job] {
        var outcomes = [Result<Void, any Error>?](repeating: nil, count: batch.count)
        var ran = 0
        do {
            try pool.writeWithoutTransaction { db in
                try db.inTransaction(.immediate) {
                    if batch.count == 1 {
                        // Alone, a write needs no savepoint: its error rolls back everything.
                        ran = 1
                        try batch[0].run(db)
                        return .commit
                    }
                    for job in batch {
                        // Some errors (disk full, I/O) make SQLite roll back the whole
                        // transaction: the rest of the batch must not run outside of one.
                        guard db.isInsideTransaction else { break }
                        do {
                            try db.inSavepoint {
                                try job.run(db)
                                return .commit
                            }
                        } catch {
                            outcomes[ran] = .failure(error)
                        }
                        ran += 1
                    }
                    return .commit
                }
            }
        } catch {
            // BEGIN, the lone write or the commit failed: nothing of this batch was kept.
            for index in 0..<ran where outcomes[index] == nil { outcomes[index] = .failure(error) }
            if ran == 0 {
                batchEnded()
                resume(batch.map { ($0, .failure(error)) })
                return []
            }
        }
        let finished = (0..<ran).map { (job: batch[$0], outcome: outcomes[$0] ?? .success(())) }
        for entry in finished {
            if case .success = entry.outcome { entry.job.settle?(true) } else { entry.job.settle?(false) }
        }
        batchEnded()
        resume(finished)
        return Array(batch[ran...])
    }

    /// Resumes each caller on the event loop it wrote from, if any, one hand-off per loop.
    /// Resumed here, a caller's task would go to whichever loop the executor picks, and from
    /// there hop again to its connection's loop to answer: a thread wake-up more per hook.
    private func resume(_ finished: [(job: Job, outcome: Result<Void, any Error>)]) {
        var byLoop: [ObjectIdentifier: (loop: any EventLoop, jobs: [(job: Job, outcome: Result<Void, any Error>)])] = [:]
        for entry in finished {
            guard let loop = entry.job.origin, !loop.inEventLoop else {
                entry.job.finish(entry.outcome)
                continue
            }
            byLoop[ObjectIdentifier(loop), default: (loop, [])].jobs.append(entry)
        }
        for (loop, jobs) in byLoop.values {
            loop.execute {
                for entry in jobs { entry.job.finish(entry.outcome) }
            }
        }
    }

    private final class Job: @unchecked Sendable {
        /// The event loop whose thread the caller ran on (nil off the loops).
        let origin: (any EventLoop)?
        let run: (Database) throws -> Void
        let settle: ((Bool) -> Void)?
        let finish: (Result<Void, any Error>) -> Void

        init(
            origin: (any EventLoop)?, run: @escaping (Database) throws -> Void, settle: ((Bool) -> Void)?,
            finish: @escaping (Result<Void, any Error>) -> Void
        ) {
            self.origin = origin
            self.run = run
            self.settle = settle
            self.finish = finish
        }
    }

    /// Where a job leaves its result until its batch has committed.
    private final class Output<T>: @unchecked Sendable {
        var value: T?
    }
}
