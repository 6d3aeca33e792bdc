import Foundation
import SidecarCore

/// An inspector without FFmpeg for tests about HTTP and hooks: every `.flv` or `.mp4` file
/// is a ready 4-second H.264 recording, anything else unreadable; a remux copies the bytes.
public struct StubRecordingInspector: RecordingInspecting {
    public init() {}

    public func inspect(path: String) async -> RecordingCheck {
        let ext = (path as NSString).pathExtension.lowercased()
        guard ext == "flv" || ext == "mp4" else {
            return RecordingCheck(media: nil, problem: RecordingProblem(RecordingProblem.unreadable, "not a recording"))
        }
        return RecordingCheck(
            media: RecordingMedia(
                format: ext, duration: 4.08, videoCodec: "h264", audioCodec: nil, width: 320, height: 180, frameRate: 25,
                bitRate: 191_000),
            problem: nil)
    }

    public func remux(input: String, output: String, fastStart: Bool) async throws -> RemuxSummary {
        try FileManager.default.copyItem(atPath: input, toPath: output)
        return RemuxSummary(packets: 1, dropped: 0, duration: 4.08, inputError: nil, bytes: 0)
    }
}
