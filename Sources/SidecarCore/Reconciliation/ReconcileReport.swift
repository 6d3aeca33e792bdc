import Foundation

/// What one reconciliation pass found and did (for logs, metrics and tests).
public struct ReconcileReport: Sendable, Equatable {
    public enum Outcome: Sendable, Equatable {
        /// The comparison ran (some corrections may still have failed: see `failures`).
        case completed
        /// The media server's API could not be read; nothing was changed.
        case mediaServerUnavailable(String)
        /// Our own store could not be read; nothing was changed.
        case storeUnavailable(String)
    }

    public var outcome: Outcome
    /// The media server's service id changed since the previous pass: it restarted.
    public var restartDetected = false
    /// A list filled the API's page, so absences were not acted on.
    public var snapshotIncomplete = false
    /// Rooms made idle because their publisher was gone.
    public var roomsIdled: [String] = []
    /// Publishers kicked because no room had accepted them.
    public var publishersKicked: [String] = []
    /// Viewer sessions dropped because the media server no longer had them.
    public var viewersRemoved: [ViewerKey] = []
    /// Corrections that were due but failed (store or kick errors); retried next pass.
    public var failures = 0

    public init(outcome: Outcome) {
        self.outcome = outcome
    }

    public var corrections: Int { roomsIdled.count + publishersKicked.count + viewersRemoved.count }
}
