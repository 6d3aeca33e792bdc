import Foundation
import HLSProbe
import SidecarCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The recordings module's inspector: MediaInspector for what a file holds, MediaRemuxer for
/// repairs and MP4 copies. A recording is `ready` when it opens, every packet reads to the
/// end, its first keyframe decodes and, for an MP4, its index (`moov`) is there and no box
/// runs past the end of the file.
public struct MediaRecordingInspector: RecordingInspecting {
    let options: InspectOptions
    let remuxer: MediaRemuxer

    /// A whole recording is read (up to `maxPackets`, about 7 hours of 30 fps video with
    /// AAC) within `timeout`; past either, what was read counts and the container's own
    /// duration is used.
    public init(timeout: Duration = .seconds(20), maxPackets: Int = 2_000_000, remuxTimeout: Duration = .seconds(600)) {
        options = InspectOptions(decodeFirstKeyframe: true, maxPackets: maxPackets, timeout: timeout, maxKeyframeTimes: 1)
        remuxer = MediaRemuxer(timeout: remuxTimeout)
    }

    public func inspect(path: String) async -> RecordingCheck {
        let boxes = ISOBoxes.read(path: path)
        let info: MediaInfo
        do {
            info = try await MediaInspector(options: options).inspectAsync(path: path)
        } catch {
            return RecordingCheck(media: nil, problem: Self.problem(error, boxes: boxes))
        }
        let media = Self.media(info)
        if let boxes, !boxes.hasIndex, !boxes.isFragmented {
            return RecordingCheck(media: media, problem: RecordingProblem(RecordingProblem.noIndex, "the MP4 has no index (no moov box)"))
        }
        if let boxes, boxes.truncated {
            return RecordingCheck(media: media, problem: RecordingProblem(
                RecordingProblem.truncated, "the file ends inside its last box (\(boxes.types.last ?? "?")): it was cut short"))
        }
        if info.packetCount == 0 || info.streams.isEmpty {
            return RecordingCheck(media: media, problem: RecordingProblem(RecordingProblem.noStreams, "the container holds no media packets"))
        }
        if info.scanEnd == .readError {
            return RecordingCheck(media: media, problem: RecordingProblem(
                RecordingProblem.damaged, "reading stopped on damaged data: \(info.scanError ?? "read error")"))
        }
        if let video = info.video, video.firstKeyframeDecodes == false {
            return RecordingCheck(media: media, problem: RecordingProblem(
                RecordingProblem.damaged, "the first keyframe does not decode: \(video.decodeError ?? "decode error")"))
        }
        return RecordingCheck(media: media, problem: nil)
    }

    public func remux(input: String, output: String, fastStart: Bool) async throws -> RemuxSummary {
        do {
            let result = try await remuxer.remuxAsync(input: input, output: output, fastStart: fastStart)
            var info = stat()
            let bytes = stat(output, &info) == 0 ? Int64(info.st_size) : 0
            return RemuxSummary(
                packets: result.packets, dropped: result.droppedPackets, duration: result.duration, inputError: result.inputError,
                bytes: bytes)
        } catch {
            let code = error.code == .noStreams ? RecordingProblem.noStreams : RecordingProblem.unreadable
            throw RecordingProblem(code, error.message)
        }
    }

    static func media(_ info: MediaInfo) -> RecordingMedia {
        let video = info.firstVideoStream
        return RecordingMedia(
            format: info.format.hasPrefix("mov,") ? "mp4" : info.format, duration: info.duration, videoCodec: video?.codec,
            audioCodec: info.firstAudioStream?.codec, width: video?.width, height: video?.height,
            frameRate: video?.frameRate.map { ($0 * 1000).rounded() / 1000 }, bitRate: info.bitRate)
    }

    static func problem(_ error: InspectError, boxes: ISOBoxes?) -> RecordingProblem {
        if let boxes, !boxes.hasIndex, !boxes.isFragmented {
            return RecordingProblem(RecordingProblem.noIndex, "the MP4 has no index (no moov box; cut off before it was written): \(error.message)")
        }
        switch error.code {
        case .noStreams: return RecordingProblem(RecordingProblem.noStreams, error.message)
        case .corrupt: return RecordingProblem(RecordingProblem.damaged, error.message)
        default: return RecordingProblem(RecordingProblem.unreadable, error.message)
        }
    }
}
