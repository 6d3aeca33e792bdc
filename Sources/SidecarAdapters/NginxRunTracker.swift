import Foundation
import Synchronization

/// Tells nginx runs apart, for `MediaServerSnapshot.serviceId`.
///
/// nginx-rtmp has no run id. Its stat page gives the answering worker's `<pid>` and the
/// `<uptime>` since the configuration was loaded; a start (or a reload, which starts new
/// workers) changes the pid and puts the load time, now − uptime, somewhere else. The load
/// time is only known to a second or two (uptime is whole seconds and the page takes time to
/// arrive), so a run keeps the id it was first seen with while the pid stays and the load
/// time moves less than `tolerance`.
final class NginxRunTracker: Sendable {
    private struct Run {
        var pid: String
        var loadedAt: Date
        var id: String
    }

    private let last = Mutex<Run?>(nil)
    let tolerance: TimeInterval

    init(tolerance: TimeInterval = 3) {
        self.tolerance = tolerance
    }

    /// The id of the run that answered at `now` with `pid` and `uptime` seconds.
    func serviceId(pid: String, uptime: Int, now: Date) -> String {
        let loadedAt = now.addingTimeInterval(-TimeInterval(uptime))
        return last.withLock { last in
            if let run = last, run.pid == pid, abs(run.loadedAt.timeIntervalSince(loadedAt)) < tolerance {
                return run.id
            }
            let id = "pid-\(pid)-loaded-\(Int(loadedAt.timeIntervalSince1970))"
            last = Run(pid: pid, loadedAt: loadedAt, id: id)
            return id
        }
    }
}
