import Foundation
import Logging

extension RecordingService {
    /// Deletes the file and the row, and emits `recording.deleted`. Refused (conflict) while
    /// the file is still being written; `cause` says who asked (`api`, `cli`, `retention`).
    @discardableResult
    public func delete(id: String, cause: String) async throws -> Recording {
        let recording = try await get(id: id)
        return try await locks.withLock(lockKey(recording.path)) {
            // Read again under the lock: a verify or another delete may have changed it.
            guard let current = try await store.recording(id: id) else { throw SidecarError(.notFound, "no recording \(id)") }
            if let busy = try await stillWritten(current) {
                throw SidecarError(.conflict, "recording \(id) cannot be deleted yet: \(busy)")
            }
            return try await remove(current, cause: cause)
        }
    }

    /// Unlinks then deletes the row: a crash in between leaves a row whose file is missing
    /// (a verify marks it), never a file that an orphan scan would bring back.
    func remove(_ recording: Recording, cause: String) async throws -> Recording {
        do {
            _ = try RecordingPath.contain(recording.path, roots: settings.roots, mustExist: false, realpath: realpath)
        } catch where error.code == .notFound {
            // Its folder is gone too: nothing to unlink, the row goes.
        } catch {
            logger.warning("recording file not deleted: outside the roots", metadata: [
                "recording.id": "\(recording.id)", "error": "\(error.message)"])
            throw SidecarError(.conflict, "the file of recording \(recording.id) is no longer inside the recordings roots; not deleted")
        }
        try RecordingFiles.removeContained(recording.path)
        let deleted = try await store.deleteRecording(id: recording.id) { row in .recordingDeleted(row, cause: cause) }
        guard let deleted else { throw SidecarError(.notFound, "no recording \(recording.id)") }
        logger.info("recording deleted", metadata: [
            "recording.id": "\(recording.id)", "recording.file": "\(recording.relativePath)", "cause": "\(cause)"])
        return deleted
    }

    /// Why the recording's file may still be written, or nil: its media server's `.tmp`
    /// sibling exists, it was modified within the write guard, or its room is still live in
    /// the recording's publish session.
    func stillWritten(_ recording: Recording) async throws -> String? {
        if let reason = stillWritten(path: recording.path) { return reason }
        if let roomId = recording.roomId, let sessionId = recording.sessionId, let room = try await store.room(id: roomId),
            room.status == .live, room.publisher?.sessionId == sessionId
        {
            return "its publish session is still live"
        }
        return nil
    }

    /// The file-system half of `stillWritten`, for files not in the index.
    func stillWritten(path: String) -> String? {
        if RecordingFiles.exists(path + ".tmp") { return "the media server is still writing it (\(RecordingPath.name(of: path)).tmp exists)" }
        if let facts = RecordingFiles.facts(path) {
            let age = now().timeIntervalSince(facts.modifiedAt)
            if age < settings.writeGuard {
                return "it was modified \(max(0, Int(age))) s ago (write guard \(Int(settings.writeGuard)) s)"
            }
        }
        return nil
    }
}

extension RecordingService {
    /// Why the recording cannot be deleted right now (still being written), or nil.
    public func deletionBlocker(_ recording: Recording) async throws -> String? {
        try await stillWritten(recording)
    }
}
