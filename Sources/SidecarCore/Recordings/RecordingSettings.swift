import Foundation

/// How the recordings module is configured.
public struct RecordingSettings: Sendable {
    /// Directories recordings may be in (`--recordings-root`); everything else is refused.
    public var roots: [String]
    /// A file modified this recently, or with a `.tmp` sibling, is taken to be still written:
    /// it is not deleted, repaired or adopted.
    public var writeGuard: TimeInterval
    /// Apps whose FLV recordings are also remuxed into an MP4 (fast start) for web playback.
    public var remuxApps: Set<String>
    public var retention: RetentionRules
    /// Inspections in parallel during a verify or a scan.
    public var parallelism: Int

    public init(
        roots: [String], writeGuard: TimeInterval = 10, remuxApps: Set<String> = [], retention: RetentionRules = RetentionRules(),
        parallelism: Int = max(1, ProcessInfo.processInfo.activeProcessorCount)
    ) {
        self.roots = roots
        self.writeGuard = writeGuard
        self.remuxApps = remuxApps
        self.retention = retention
        self.parallelism = max(1, parallelism)
    }
}
