import Foundation
import Logging

/// What an orphan scan found under the roots.
public struct ScanReport: Sendable, Codable, Equatable {
    /// A file the index does not know.
    public struct Orphan: Sendable, Codable, Equatable {
        public var file: String
        public var size: Int64
        /// Set when it was adopted (not in a dry run).
        public var recording: RecordingView?
        public var status: RecordingStatus
        public var reason: String?
    }

    public var dryRun: Bool
    /// Media files looked at.
    public var files: Int
    public var orphans: [Orphan]
    /// Crash leftovers: SRS `.tmp` files no longer written, MP4 files without their index.
    public var leftovers: [Leftover]
    /// Skipped: still being written.
    public var busy: [String]
}

/// A file a crash left behind, and whether its media can be saved by a remux.
public struct Leftover: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable {
        /// SRS's `<name>.flv.tmp`: SRS stopped (SIGTERM, a crash) while recording.
        case temporary
        /// An MP4 whose muxer never wrote its `moov` index.
        case mp4WithoutIndex
        /// An indexed recording found corrupt.
        case corrupt
    }

    public var file: String
    public var kind: Kind
    public var size: Int64
    public var modifiedAt: Date
    /// The media inspector could read media in it: `repair` can remux it into a new file.
    public var repairable: Bool
    public var detail: String?
    /// The indexed recording, when there is one.
    public var recordingId: String?
}

extension RecordingService {
    /// Walks every root (symlinks are never followed) for media files the index does not
    /// know and adopts them with their media info (a dry run only lists them); reports crash
    /// leftovers. Nothing is deleted.
    public func scan(dryRun: Bool) async throws -> ScanReport {
        var report = ScanReport(dryRun: dryRun, files: 0, orphans: [], leftovers: [], busy: [])
        var candidates: [(RecordingLocation, FileFacts, RecordingName)] = []
        for root in Set(settings.roots.compactMap { try? RecordingPath.normalize($0) }.compactMap(realpath)).sorted() {
            RecordingFiles.walk(root) { path, facts in
                guard let name = RecordingName(fileName: RecordingPath.name(of: path)), name.isMedia else { return }
                candidates.append((RecordingLocation(path: path, root: root), facts, name))
            }
        }
        for (location, facts, name) in candidates {
            report.files += 1
            if name.isTemporary {
                if isFresh(facts) {
                    report.busy.append(location.relativePath)
                    continue
                }
                let check = await inspector.inspect(path: location.path)
                report.leftovers.append(Leftover(
                    file: location.relativePath, kind: .temporary, size: facts.size, modifiedAt: facts.modifiedAt,
                    repairable: check.media != nil && check.problem?.code != RecordingProblem.noIndex, detail: check.problem?.message,
                    recordingId: nil))
                continue
            }
            if let known = try await store.recording(path: location.path) {
                if known.reason == RecordingProblem.noIndex {
                    report.leftovers.append(Leftover(
                        file: location.relativePath, kind: .mp4WithoutIndex, size: facts.size, modifiedAt: facts.modifiedAt,
                        repairable: false, detail: known.detail, recordingId: known.id))
                }
                continue
            }
            if stillWritten(path: location.path) != nil {
                report.busy.append(location.relativePath)
                continue
            }
            try await adopt(location, facts: facts, dryRun: dryRun, into: &report)
        }
        logger.info("recordings scanned", metadata: [
            "recordings.files": "\(report.files)", "recordings.orphans": "\(report.orphans.count)",
            "recordings.leftovers": "\(report.leftovers.count)", "dry_run": "\(dryRun)"])
        return report
    }

    private func isFresh(_ facts: FileFacts) -> Bool {
        now().timeIntervalSince(facts.modifiedAt) < settings.writeGuard
    }

    private func adopt(_ location: RecordingLocation, facts: FileFacts, dryRun: Bool, into report: inout ScanReport) async throws {
        if dryRun {
            let check = await inspector.inspect(path: location.path)
            report.orphans.append(.init(
                file: location.relativePath, size: facts.size, recording: nil, status: check.status, reason: check.problem?.code))
            if check.problem?.code == RecordingProblem.noIndex {
                report.leftovers.append(Leftover(
                    file: location.relativePath, kind: .mp4WithoutIndex, size: facts.size, modifiedAt: facts.modifiedAt,
                    repairable: false, detail: check.problem?.message, recordingId: nil))
            }
            return
        }
        let outcome = try await locks.withLock(lockKey(location.path)) {
            try await index(location, report: nil, origin: .adopted, cause: "scan")
        }
        guard case .indexed(let recording) = outcome else { return }
        report.orphans.append(.init(
            file: location.relativePath, size: facts.size, recording: RecordingView(recording), status: recording.status,
            reason: recording.reason))
        if recording.reason == RecordingProblem.noIndex {
            report.leftovers.append(Leftover(
                file: location.relativePath, kind: .mp4WithoutIndex, size: facts.size, modifiedAt: facts.modifiedAt,
                repairable: false, detail: recording.detail, recordingId: recording.id))
        }
    }
}
