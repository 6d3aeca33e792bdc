import Foundation
import Logging

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a repair did (or, in a dry run, would do).
public struct RepairReport: Sendable, Codable, Equatable {
    public var dryRun: Bool
    /// The damaged file or leftover, relative to its root.
    public var input: String
    /// The new file, relative to its root.
    public var output: String
    /// The new file's recording (not in a dry run).
    public var recording: RecordingView?
    public var summary: RemuxSummary?
    /// The original was deleted (only with `removeOriginal`).
    public var removedOriginal: Bool
}

extension RecordingService {
    /// Remuxes the readable media of a damaged recording or a crash leftover into a new file
    /// beside it and indexes that (origin `repaired`). `target` is a recording id, or a path
    /// (absolute, or relative to a root) such as SRS's `<name>.flv.tmp`. The original stays
    /// unless `removeOriginal`. Media libavformat cannot read at all (an MP4 without its
    /// index) is refused with the reason: nothing is written.
    public func repair(_ target: String, dryRun: Bool, removeOriginal: Bool = false) async throws -> RepairReport {
        let (location, source) = try await repairInput(target)
        return try await locks.withLock(lockKey(location.path)) {
            guard let facts = RecordingFiles.facts(location.path), facts.isRegularFile else {
                throw SidecarError(.notFound, "\(location.relativePath) does not exist")
            }
            if now().timeIntervalSince(facts.modifiedAt) < settings.writeGuard {
                throw SidecarError(.conflict, "\(location.relativePath) was modified moments ago: it may still be written")
            }
            if let source, source.status == .ready {
                throw SidecarError(.conflict, "recording \(source.id) is ready: nothing to repair")
            }
            let check = await inspector.inspect(path: location.path)
            if check.media == nil || check.problem?.code == RecordingProblem.noIndex {
                let why = check.problem?.message ?? "no media could be read"
                throw SidecarError(.conflict, "\(location.relativePath) cannot be repaired: \(why)")
            }
            let output = repairOutput(for: location)
            var report = RepairReport(
                dryRun: dryRun, input: location.relativePath, output: output.relativePath, recording: nil, summary: nil,
                removedOriginal: false)
            if dryRun { return report }
            report.summary = try await remuxAtomically(input: location.path, output: output.path, fastStart: true)
            let outcome = try await locks.withLock(lockKey(output.path)) {
                try await index(output, report: nil, origin: .repaired, cause: "repair", source: source)
            }
            if case .indexed(let recording) = outcome { report.recording = RecordingView(recording) }
            logger.notice("recording repaired", metadata: [
                "recording.input": "\(location.relativePath)", "recording.output": "\(output.relativePath)",
                "remux.packets": "\(report.summary?.packets ?? 0)"])
            if removeOriginal {
                if let source {
                    _ = try await remove(source, cause: "repair")
                } else {
                    try RecordingFiles.removeContained(location.path)
                }
                report.removedOriginal = true
            }
            return report
        }
    }

    /// The file to repair: a recording's, or a contained path.
    private func repairInput(_ target: String) async throws -> (RecordingLocation, Recording?) {
        if !target.contains("/"), Identifiers.isValidRoomId(target), let recording = try await store.recording(id: target) {
            return (try contained(recording.path), recording)
        }
        let location: RecordingLocation
        if target.hasPrefix("/") {
            location = try contained(target)
        } else {
            // Relative: to the first root that has it.
            var found: RecordingLocation?
            for root in settings.roots {
                if let candidate = try? RecordingPath.resolve(file: target, cwd: root, roots: settings.roots, realpath: realpath) {
                    found = candidate
                    break
                }
            }
            guard let found else { throw SidecarError(.notFound, "no recording or file \(target) under the recordings roots") }
            location = found
        }
        return (location, try await store.recording(path: location.path))
    }

    func contained(_ path: String) throws -> RecordingLocation {
        do {
            return try RecordingPath.contain(path, roots: settings.roots, realpath: realpath)
        } catch where error.code == .notFound {
            throw SidecarError(.notFound, error.message)
        } catch {
            throw SidecarError(.invalidInput, "\(error)")
        }
    }

    /// `<name>.flv.tmp` becomes `<name>.flv` when that is free; anything else
    /// `<name>.repaired.<ext>` (then `.repaired-2`, ...).
    func repairOutput(for input: RecordingLocation) -> RecordingLocation {
        let folder = RecordingPath.parent(of: input.path)
        var name = RecordingPath.name(of: input.path)
        if name.hasSuffix(".tmp") {
            name.removeLast(4)
            let plain = folder + "/" + name
            if !RecordingFiles.exists(plain) { return RecordingLocation(path: plain, root: input.root) }
        }
        return freeName(folder: folder, name: name, tag: "repaired", root: input.root)
    }

    func freeName(folder: String, name: String, tag: String, root: String, ext: String? = nil) -> RecordingLocation {
        let dot = name.lastIndex(of: ".") ?? name.endIndex
        let base = String(name[..<dot])
        let ext = ext ?? (dot < name.endIndex ? String(name[name.index(after: dot)...]) : "flv")
        var attempt = 1
        while true {
            let suffix = attempt == 1 ? tag : "\(tag)-\(attempt)"
            let path = "\(folder)/\(base).\(suffix).\(ext)"
            if !RecordingFiles.exists(path) { return RecordingLocation(path: path, root: root) }
            attempt += 1
        }
    }

    /// Remuxes into a hidden `.<name>.partial.<ext>` beside the output, then links it into
    /// place (never over an existing file): a crash mid-way leaves only the hidden file,
    /// which scans ignore.
    func remuxAtomically(input: String, output: String, fastStart: Bool) async throws -> RemuxSummary {
        let folder = RecordingPath.parent(of: output)
        let name = RecordingPath.name(of: output)
        let dot = name.lastIndex(of: ".") ?? name.endIndex
        let partial = "\(folder)/.\(name[..<dot]).partial\(name[dot...])"
        try? RecordingFiles.remove(partial)
        let summary: RemuxSummary
        do {
            summary = try await inspector.remux(input: input, output: partial, fastStart: fastStart)
        } catch let problem as RecordingProblem {
            try? RecordingFiles.remove(partial)
            throw SidecarError(.conflict, "the remux of \(RecordingPath.name(of: input)) failed: \(problem.message)")
        } catch {
            try? RecordingFiles.remove(partial)
            throw error
        }
        defer { try? RecordingFiles.remove(partial) }
        guard link(partial, output) == 0 else {
            let code = errno
            throw SidecarError(.conflict, "cannot create \(name): \(String(cString: strerror(code)))")
        }
        return summary
    }
}
