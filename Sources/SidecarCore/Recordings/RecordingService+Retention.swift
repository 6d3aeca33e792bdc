import Foundation
import Logging

/// What a retention pass deleted (or, in a dry run, would delete) and what it kept back.
public struct RetentionReport: Sendable, Codable, Equatable {
    public struct Item: Sendable, Codable, Equatable {
        public var recording: RecordingView
        /// `max_age`, or `max_bytes` with its scope (`max_bytes:global`, `max_bytes:app:live`,
        /// `max_bytes:room:r1`).
        public var rule: String
    }

    public struct Kept: Sendable, Codable, Equatable {
        public var id: String
        public var reason: String
    }

    public struct Failure: Sendable, Codable, Equatable {
        public var id: String
        public var error: String
    }

    public var dryRun: Bool
    /// Deleted, or in a dry run what would be, oldest first.
    public var deleted: [Item]
    public var freedBytes: Int64
    /// Due for deletion but kept: still being written.
    public var kept: [Kept]
    public var failures: [Failure]
}

extension RecordingService {
    /// Applies the retention rules: recordings older than their maximum age go; then each
    /// scope over its byte cap (rooms, then apps, then everything) loses its oldest
    /// recordings until it fits. Never below a room's keep-min (the newest are kept), never a
    /// file still being written. A dry run deletes nothing and lists what would go.
    public func applyRetention(dryRun: Bool, cause: String = "retention") async throws -> RetentionReport {
        let rules = settings.retention
        var plan = RetentionPlan(counts: try await store.recordingCountsByRoom())
        let moment = now()

        // 1. Age, oldest first; stop at the first recording too young for every rule.
        let ages = ([rules.global] + Array(rules.apps.values) + Array(rules.rooms.values)).compactMap(\.maxAge)
        if let youngest = ages.min() {
            let horizon = moment.addingTimeInterval(-youngest)
            try await walk(RecordingQuery(oldestFirst: true)) { recording in
                guard recording.startedAt < horizon else { return false }
                let policy = rules.effective(app: recording.app, roomId: recording.roomId)
                if let maxAge = policy.maxAge, moment.timeIntervalSince(recording.endedAt) > maxAge {
                    try await plan.consider(recording, rule: "max_age", keepMin: policy.keepMin, service: self)
                }
                return true
            }
        }

        // 2. Byte caps, narrowest scope first.
        var caps: [(query: RecordingQuery, cap: Int64, rule: String)] = []
        for (roomId, policy) in rules.rooms.sorted(by: { $0.key < $1.key }) {
            if let cap = policy.maxBytes { caps.append((RecordingQuery(roomId: roomId), cap, "max_bytes:room:\(roomId)")) }
        }
        for (app, policy) in rules.apps.sorted(by: { $0.key < $1.key }) {
            if let cap = policy.maxBytes { caps.append((RecordingQuery(app: app), cap, "max_bytes:app:\(app)")) }
        }
        if let cap = rules.global.maxBytes { caps.append((RecordingQuery(), cap, "max_bytes:global")) }
        for (scope, cap, rule) in caps {
            let totals = try await store.recordingTotals(scope)
            var excess = totals.bytes - plan.chosenBytes(in: scope) - cap
            guard excess > 0 else { continue }
            var query = scope
            query.oldestFirst = true
            try await walk(query) { recording in
                guard excess > 0 else { return false }
                let policy = rules.effective(app: recording.app, roomId: recording.roomId)
                if try await plan.consider(recording, rule: rule, keepMin: policy.keepMin, service: self) {
                    excess -= recording.size
                }
                return true
            }
        }

        var report = RetentionReport(dryRun: dryRun, deleted: [], freedBytes: 0, kept: plan.kept, failures: [])
        for (recording, rule) in plan.chosen {
            if !dryRun {
                do {
                    try await locks.withLock(lockKey(recording.path)) {
                        guard let current = try await store.recording(id: recording.id) else { return }
                        if let busy = try await stillWritten(current) { throw SidecarError(.conflict, busy) }
                        _ = try await remove(current, cause: cause)
                    }
                } catch {
                    report.failures.append(.init(id: recording.id, error: "\(error)"))
                    continue
                }
            }
            report.deleted.append(.init(recording: RecordingView(recording), rule: rule))
            report.freedBytes += recording.size
        }
        if !report.deleted.isEmpty || !report.failures.isEmpty {
            logger.info(dryRun ? "retention dry run" : "retention applied", metadata: [
                "recordings.deleted": "\(report.deleted.count)", "recordings.freed_bytes": "\(report.freedBytes)",
                "recordings.kept": "\(report.kept.count)", "recordings.failed": "\(report.failures.count)"])
        }
        return report
    }

    /// Calls `visit` for every recording of `query`, page by page, until it returns false.
    func walk(_ query: RecordingQuery, pageSize: Int = 500, _ visit: (Recording) async throws -> Bool) async throws {
        var query = query
        query.limit = pageSize
        while true {
            let page = try await store.recordings(query)
            for recording in page {
                guard try await visit(recording) else { return }
            }
            guard page.count == pageSize, let last = page.last else { return }
            query.after = RecordingCursor(last)
        }
    }
}

/// The recordings a retention pass has picked so far, and how many each room keeps.
struct RetentionPlan {
    var counts: [String: Int]
    var chosen: [(Recording, String)] = []
    var chosenIds: Set<String> = []
    var kept: [RetentionReport.Kept] = []
    var keptIds: Set<String> = []

    init(counts: [String: Int]) {
        self.counts = counts
    }

    /// Picks `recording` unless it is picked already, its room would fall below keep-min, or
    /// it is still being written. True when picked.
    @discardableResult
    mutating func consider(_ recording: Recording, rule: String, keepMin: Int?, service: RecordingService) async throws -> Bool {
        guard !chosenIds.contains(recording.id), !keptIds.contains(recording.id) else { return false }
        if let roomId = recording.roomId, let keepMin, keepMin > 0, (counts[roomId] ?? 0) <= keepMin { return false }
        if let busy = try await service.stillWritten(recording) {
            keptIds.insert(recording.id)
            kept.append(.init(id: recording.id, reason: busy))
            return false
        }
        chosen.append((recording, rule))
        chosenIds.insert(recording.id)
        if let roomId = recording.roomId { counts[roomId, default: 0] -= 1 }
        return true
    }

    func chosenBytes(in scope: RecordingQuery) -> Int64 {
        chosen.reduce(0) { total, item in
            let recording = item.0
            if let roomId = scope.roomId, recording.roomId != roomId { return total }
            if let app = scope.app, recording.app != app { return total }
            return total + recording.size
        }
    }
}
