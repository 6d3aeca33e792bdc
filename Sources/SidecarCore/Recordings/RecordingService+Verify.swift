import Foundation
import Logging

/// What a verify pass found.
public struct VerifyReport: Sendable, Codable, Equatable {
    public struct Change: Sendable, Codable, Equatable {
        public var id: String
        public var file: String
        public var before: RecordingStatus
        public var after: RecordingStatus
        public var reason: String?
        public var detail: String?
        /// The size on disk differs from the index.
        public var sizeChanged: Bool
    }

    public var dryRun: Bool
    public var checked: Int
    /// Recordings whose status, size or media changed (in a dry run: would change).
    public var changed: [Change]
    /// Skipped: still being written.
    public var skipped: [String]
    public var missing: Int
    public var corrupt: Int
    public var ready: Int
    public var seconds: Double
}

extension RecordingService {
    /// Re-stats and re-inspects every recording of `filter`: missing files become `missing`,
    /// changed sizes and damage are re-evaluated, and a status change emits
    /// `recording.failed` or `recording.ready` (cause `verify`). Nothing is ever deleted.
    public func verify(_ filter: RecordingFilter = RecordingFilter(), dryRun: Bool) async throws -> VerifyReport {
        let started = ContinuousClock.now
        var report = VerifyReport(dryRun: dryRun, checked: 0, changed: [], skipped: [], missing: 0, corrupt: 0, ready: 0, seconds: 0)
        var query = try filter.query()
        query.oldestFirst = true
        var page: [Recording] = []
        let width = settings.parallelism
        try await walk(query) { recording in
            page.append(recording)
            if page.count >= width * 4 {
                try await verifyBatch(page, dryRun: dryRun, into: &report)
                page.removeAll(keepingCapacity: true)
            }
            return true
        }
        try await verifyBatch(page, dryRun: dryRun, into: &report)
        report.seconds = (ContinuousClock.now - started).timeInterval
        logger.info("recordings verified", metadata: [
            "recordings.checked": "\(report.checked)", "recordings.changed": "\(report.changed.count)",
            "recordings.missing": "\(report.missing)", "recordings.corrupt": "\(report.corrupt)", "dry_run": "\(dryRun)"])
        return report
    }

    private func verifyBatch(_ batch: [Recording], dryRun: Bool, into report: inout VerifyReport) async throws {
        guard !batch.isEmpty else { return }
        let results = try await withThrowingTaskGroup(of: (Int, VerifyOutcome).self) { group in
            var next = 0
            var results: [(Int, VerifyOutcome)] = []
            func add() {
                let index = next
                let recording = batch[index]
                group.addTask { (index, try await self.verifyOne(recording, dryRun: dryRun)) }
                next += 1
            }
            while next < min(batch.count, settings.parallelism) { add() }
            while let result = try await group.next() {
                results.append(result)
                if next < batch.count { add() }
            }
            return results.sorted { $0.0 < $1.0 }.map(\.1)
        }
        for outcome in results {
            switch outcome {
            case .skipped(let id):
                report.skipped.append(id)
                continue
            case .gone:
                continue
            case .checked(let status, let change):
                report.checked += 1
                switch status {
                case .ready: report.ready += 1
                case .corrupt: report.corrupt += 1
                case .missing: report.missing += 1
                }
                if let change { report.changed.append(change) }
            }
        }
    }

    enum VerifyOutcome: Sendable {
        case checked(RecordingStatus, VerifyReport.Change?)
        case skipped(String)
        /// Deleted while the pass ran.
        case gone
    }

    /// One recording, under its file's lock. The row is read again there, so a recording
    /// deleted by a concurrent delete is skipped, and the update is conditional on the row
    /// still existing (another process may delete it in between).
    func verifyOne(_ listed: Recording, dryRun: Bool) async throws -> VerifyOutcome {
        try await locks.withLock(lockKey(listed.path)) {
            guard let recording = try await store.recording(id: listed.id) else { return .gone }
            var updated = recording
            let at = Date(unixMillisOf: now())
            updated.checkedAt = at
            let facts = RecordingFiles.facts(recording.path)
            if facts == nil || facts?.isRegularFile == false {
                updated.status = .missing
                updated.reason = RecordingProblem.missing
                updated.detail = "the file is gone from \(recording.relativePath)"
            } else if let facts {
                if stillWritten(path: recording.path) != nil { return .skipped(recording.id) }
                let check = await inspector.inspect(path: recording.path)
                updated.size = facts.size
                updated.modifiedAt = facts.modifiedAt
                updated.media = check.media ?? recording.media
                updated.status = check.status
                updated.reason = check.problem?.code
                updated.detail = check.problem?.message
                if recording.size != facts.size || recording.modifiedAt != facts.modifiedAt {
                    updated.endedAt = max(updated.startedAt, facts.modifiedAt)
                }
            }
            var change: VerifyReport.Change?
            var probe = updated
            probe.checkedAt = recording.checkedAt
            if probe != recording {
                change = .init(
                    id: recording.id, file: recording.relativePath, before: recording.status, after: updated.status,
                    reason: updated.reason, detail: updated.detail, sizeChanged: updated.size != recording.size)
            }
            if !dryRun {
                let event: EventDraft? = updated.status != recording.status ? .recording(updated, cause: "verify") : nil
                guard try await store.updateRecording(updated, event: event) else { return .gone }
                if let change {
                    logger.warning("recording changed on disk", metadata: [
                        "recording.id": "\(change.id)", "recording.status": "\(change.after.rawValue)",
                        "recording.reason": "\(change.reason ?? "")"])
                }
            }
            return .checked(updated.status, change)
        }
    }
}
