import Foundation
import Logging

/// A finished recording as a media server reports it: SRS's `on_dvr` (`cwd` + `file`) or
/// nginx-rtmp's `on_record_done` (`path`).
public struct FinishedRecording: Sendable, Equatable {
    public var app: String
    /// The stream name: our liveId.
    public var liveId: String
    /// The file as reported: absolute, or relative to `cwd`.
    public var file: String
    /// The media server's working directory (SRS's `cwd`); nil when `file` is absolute.
    public var cwd: String?
    /// The publisher's client id, when the media server gives it.
    public var clientId: String?

    public init(app: String, liveId: String, file: String, cwd: String? = nil, clientId: String? = nil) {
        self.app = app
        self.liveId = liveId
        self.file = file
        self.cwd = cwd
        self.clientId = clientId
    }
}

/// What became of a finished recording.
public enum RecordingOutcome: Sendable, Equatable {
    /// Indexed now (new, or its file changed since it was indexed), with its status.
    case indexed(Recording)
    /// Already indexed with this very file: a duplicate hook, nothing written.
    case duplicate(Recording)
    /// The path was refused (outside the roots, `..`, a symlink out, missing): nothing touched.
    case refused(RecordingPathError)
    /// A dependency failed (the store); nothing was indexed.
    case failed(String)
}

extension RecordingService {
    /// The entry point of every media server's end-of-recording hook. Never throws: SRS and
    /// nginx-rtmp ignore the answer, so the outcome is logged and returned for tests.
    public func recordingFinished(path: String, cwd: String?, app: String, liveId: String, clientId: String?) async -> RecordingOutcome {
        await recordingFinished(FinishedRecording(app: app, liveId: liveId, file: path, cwd: cwd, clientId: clientId))
    }

    public func recordingFinished(_ report: FinishedRecording) async -> RecordingOutcome {
        let location: RecordingLocation
        do {
            location = try RecordingPath.resolve(file: report.file, cwd: report.cwd, roots: settings.roots, realpath: realpath)
        } catch {
            logger.warning("recording refused; nothing was read or indexed", metadata: [
                "recording.file": "\(report.file)", "recording.cwd": "\(report.cwd ?? "")", "stream.name": "\(report.liveId)",
                "reason": "\(error.code)", "error": "\(error.message)"])
            return .refused(error)
        }
        do {
            let outcome = try await locks.withLock(lockKey(location.path)) {
                try await index(location, report: report, origin: .hook, cause: nil)
            }
            if case .indexed(let recording) = outcome, recording.status == .ready, settings.remuxApps.contains(recording.app),
                recording.media?.format == "flv"
            {
                // After answering the hook: a remux of a long recording takes a while.
                Task { _ = try? await remuxToMP4(id: recording.id) }
            }
            return outcome
        } catch let error as RecordingPathError {
            logger.warning("recording refused", metadata: ["recording.path": "\(location.path)", "error": "\(error.message)"])
            return .refused(error)
        } catch {
            logger.error("recording not indexed: a dependency failed", metadata: [
                "recording.path": "\(location.path)", "error": "\(error)"])
            return .failed("\(error)")
        }
    }

    /// Indexes one contained file (under its lock): inspects it, links it to its room and
    /// publish session, and writes the row with its `recording.ready`/`recording.failed`
    /// event. The same file again (same size and modification time) is a duplicate.
    func index(
        _ location: RecordingLocation, report: FinishedRecording?, origin: RecordingOrigin, cause: String?, source: Recording? = nil
    ) async throws -> RecordingOutcome {
        guard let facts = RecordingFiles.facts(location.path), facts.isRegularFile else {
            throw RecordingPathError(.invalid, "'\(location.path)' is not a regular file")
        }
        let existing = try await store.recording(path: location.path)
        if let existing, existing.size == facts.size, existing.modifiedAt == facts.modifiedAt {
            logger.debug("recording already indexed", metadata: ["recording.id": "\(existing.id)"])
            return .duplicate(existing)
        }
        let check = await inspector.inspect(path: location.path)
        var recording = try await describe(location, facts: facts, check: check, report: report, origin: origin)
        if let source {
            // A repair or a remux of an indexed recording: the same publish, another file.
            recording.sourceId = source.id
            recording.app = source.app
            recording.liveId = source.liveId
            recording.roomId = source.roomId
            recording.owner = source.owner
            recording.sessionId = source.sessionId
            recording.clientId = source.clientId
            recording.startedAt = source.startedAt
            recording.endedAt = max(recording.endedAt, source.startedAt)
        }
        if let existing {
            // The file changed under the same name (a rewrite): same id, new facts.
            recording.id = existing.id
            recording.indexedAt = existing.indexedAt
            recording.sourceId = existing.sourceId ?? source?.id
            let event: EventDraft? = .recording(recording, cause: cause ?? "reindex")
            guard try await store.updateRecording(recording, event: event) else {
                return try await insert(recording, cause: cause)
            }
            log(recording, "recording re-indexed")
            return .indexed(recording)
        }
        return try await insert(recording, cause: cause)
    }

    private func insert(_ recording: Recording, cause: String?) async throws -> RecordingOutcome {
        switch try await store.insertRecording(recording, event: .recording(recording, cause: cause)) {
        case .inserted(let row):
            log(row, "recording indexed")
            return .indexed(row)
        case .existing(let row):
            // Another process (or an earlier hook) indexed it first.
            return .duplicate(row)
        }
    }

    private func log(_ recording: Recording, _ message: Logger.Message) {
        var metadata: Logger.Metadata = [
            "recording.id": "\(recording.id)", "recording.file": "\(recording.relativePath)",
            "recording.status": "\(recording.status.rawValue)", "room.id": "\(recording.roomId ?? "")",
        ]
        if let reason = recording.reason { metadata["recording.reason"] = "\(reason)" }
        if recording.status == .ready {
            logger.info(message, metadata: metadata)
        } else {
            metadata["error"] = "\(recording.detail ?? "")"
            logger.warning(message, metadata: metadata)
        }
    }

    /// The row for a file: room, owner and session from the room streaming as its liveId;
    /// start from the file name (SRS's `[timestamp]`), the session, or the end minus the
    /// duration; end at the file's last write.
    func describe(
        _ location: RecordingLocation, facts: FileFacts, check: RecordingCheck, report: FinishedRecording?, origin: RecordingOrigin
    ) async throws -> Recording {
        let name = RecordingName(fileName: RecordingPath.name(of: location.path))
        let components = location.relativePath.split(separator: "/")
        let app = report?.app ?? (components.count >= 2 ? String(components[components.count - 2]) : "")
        let liveId = report?.liveId ?? name?.stream ?? RecordingPath.name(of: location.path)
        let room = Identifiers.isValidRoomId(liveId) ? try await store.room(liveId: liveId) : nil
        var sessionId: String?
        var sessionStart: Date?
        if let room, let publisher = room.publisher, let clientId = report?.clientId, publisher.clientId == clientId {
            sessionId = publisher.sessionId
            sessionStart = publisher.since
        }
        let ended = facts.modifiedAt
        let duration = check.media?.duration.map { max(0, $0) }
        var started = name?.startedAt ?? sessionStart ?? duration.map { ended.addingTimeInterval(-$0) } ?? ended
        started = Date(unixMillisOf: min(started, ended))
        if sessionId == nil, let room, report != nil, let record = try await store.readiness(roomId: room.id),
            record.checkedAt >= started.addingTimeInterval(-5), record.checkedAt <= ended.addingTimeInterval(60)
        {
            // The publisher already left (on_unpublish can come first): the readiness check
            // made during the recording names its session.
            sessionId = record.sessionId
        }
        let at = Date(unixMillisOf: now())
        return Recording(
            id: Identifiers.random(), path: location.path, root: location.root, app: app, liveId: liveId, roomId: room?.id,
            owner: room?.owner, sessionId: sessionId, clientId: report?.clientId, startedAt: started, endedAt: ended,
            size: facts.size, modifiedAt: facts.modifiedAt, media: check.media, status: check.status,
            reason: check.problem?.code, detail: check.problem?.message, origin: origin, indexedAt: at, checkedAt: at)
    }
}
