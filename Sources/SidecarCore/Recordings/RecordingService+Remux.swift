import Foundation
import Logging

extension RecordingService {
    /// Remuxes a ready FLV recording into an MP4 with its index first (fast start), in
    /// process with libavformat, beside it: `<name>.mp4`, or `<name>.web.mp4` when that is
    /// taken. The MP4 is indexed as a recording of its own (origin `remuxed`, `sourceId` the
    /// FLV's), of the same room and session; the FLV stays. Runs after `on_dvr` for the apps
    /// in `recordings.remux-mp4`.
    @discardableResult
    public func remuxToMP4(id: String) async throws -> Recording {
        let source = try await get(id: id)
        guard source.status == .ready, source.media?.format == "flv" else {
            throw SidecarError(.conflict, "recording \(id) is not a ready FLV recording")
        }
        let input = try contained(source.path)
        let folder = RecordingPath.parent(of: input.path)
        let name = RecordingPath.name(of: input.path)
        let base = name.lastIndex(of: ".").map { String(name[..<$0]) } ?? name
        var output = RecordingLocation(path: "\(folder)/\(base).mp4", root: input.root)
        if RecordingFiles.exists(output.path) { output = freeName(folder: folder, name: name, tag: "web", root: input.root, ext: "mp4") }
        let summary = try await remuxAtomically(input: input.path, output: output.path, fastStart: true)
        let outcome = try await locks.withLock(lockKey(output.path)) {
            try await index(output, report: nil, origin: .remuxed, cause: "remux", source: source)
        }
        switch outcome {
        case .indexed(let recording), .duplicate(let recording):
            logger.info("recording remuxed to MP4", metadata: [
                "recording.id": "\(recording.id)", "recording.source": "\(id)", "remux.packets": "\(summary.packets)"])
            return recording
        case .refused(let error):
            throw SidecarError(.conflict, error.message)
        case .failed(let message):
            throw SidecarError(.unavailable, message)
        }
    }
}
