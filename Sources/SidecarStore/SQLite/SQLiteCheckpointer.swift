import Foundation
import GRDB
import SidecarCore

/// Copies the WAL back into the database file from a connection and a thread of its own,
/// a few times a second while writes come in.
///
/// Left to SQLite, the checkpoint runs in the commit that finds the WAL past
/// `wal_autocheckpoint` pages: on the write queue's thread, with every write waiting behind
/// it. With the 16,000-page interval that was a 40–50 ms stall about every 1.3 s under a
/// stream of publishes (the p999 of the hook benchmark), most of it the two fsyncs a
/// checkpoint makes in `synchronous = NORMAL`. A PASSIVE checkpoint here runs beside the
/// writer (SQLite lets one checkpointer and one writer work at once) and copies what has
/// been committed so far. The writer's own checkpoint stays, as the bound: it still runs
/// when the WAL reaches the interval, which is also when SQLite can start the WAL file over,
/// but finds nearly every page already copied and little left to sync.
final class SQLiteCheckpointer: @unchecked Sendable {
    private let connection: DatabaseQueue
    private let timer: DispatchSourceTimer
    /// Writes committed so far, read at each tick to skip ticks without any.
    private let writes: @Sendable () -> Int
    // Only on the timer's queue.
    private var lastWrites = 0

    init(path: String, interval: Duration, writes: @escaping @Sendable () -> Int) throws {
        var config = Configuration()
        config.label = "SidecarStore.checkpointer"
        self.connection = try DatabaseQueue(path: path, configuration: config)
        self.writes = writes
        let queue = DispatchQueue(label: "SidecarStore.SQLiteCheckpointer", qos: .utility)
        timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now() + interval.timeInterval, repeating: interval.timeInterval)
        timer.setEventHandler { [weak self] in self?.tick() }
        timer.resume()
    }

    /// Stops the timer (a checkpoint under way finishes).
    func stop() {
        timer.cancel()
    }

    private func tick() {
        let count = writes()
        guard count != lastWrites else { return }
        // A failure (another checkpointer at work, a full disk) is tried again at the next
        // tick, and meanwhile the pages are the writer's own checkpoint's to copy: nothing is
        // lost, so it is not reported.
        guard (try? connection.writeWithoutTransaction({ db in try db.checkpoint(.passive) })) != nil else { return }
        lastWrites = count
    }
}
