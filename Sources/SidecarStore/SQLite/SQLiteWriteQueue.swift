import Foundation
import GRDB

/// Serializes the store's write transactions and commits them in groups.
///
/// A caller whose write finds the queue idle runs it at once, on its own thread: no thread
/// hand-off, which on a small machine costs more than the write itself. Writes that arrive
/// meanwhile wait suspended (no thread blocked) and the running caller then executes them
/// in batches: one IMMEDIATE transaction per batch, each write in its own savepoint. A write
/// that throws rolls back its savepoint only and gets its own error; the others commit
/// together, and each caller resumes only after that commit, so every write is still atomic
/// and durable when it returns. A batch shares one commit, one WAL sync point and the pages
/// its writes have in common (the outbox's last page, the sequences table).
///
/// With `inline == false` (synchronous = FULL, an fsync per commit) the batches run on a
/// dispatch queue instead, keeping the fsync waits off Swift's cooperative threads.
final class SQLiteWriteQueue: @unchecked Sendable {
    private let pool: DatabasePool
    private let inline: Bool
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

    init(pool: DatabasePool, inline: Bool) {
        self.pool = pool
        self.inline = inline
    }

    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let output = Output<T>()
            let job = Job(
                run: { db in output.value = try body(db) },
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
            if startDraining {
                if inline { drain() } else { drainQueue.async { self.drain() } }
            }
        }
    }

    /// Runs batches until no write is pending. An inline drainer is some caller's task, which
    /// cannot go on until it returns: after a few batches it hands the rest to a new task, so
    /// that under sustained load no caller waits for more than its share.
    private func drain() {
        for round in 0... {
            if inline && round == 8 {
                Task { self.drain() }
                return
            }
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
                for job in batch { job.finish(.failure(error)) }
                return []
            }
        }
        for index in 0..<ran { batch[index].finish(outcomes[index] ?? .success(())) }
        return Array(batch[ran...])
    }

    private final class Job: @unchecked Sendable {
        let run: (Database) throws -> Void
        let finish: (Result<Void, any Error>) -> Void

        init(run: @escaping (Database) throws -> Void, finish: @escaping (Result<Void, any Error>) -> Void) {
            self.run = run
            self.finish = finish
        }
    }

    /// Where a job leaves its result until its batch has committed.
    private final class Output<T>: @unchecked Sendable {
        var value: T?
    }
}
