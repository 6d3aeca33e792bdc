import Foundation
import HLSProbe

/// Media information as a short report.
enum MediaInfoText {
    static func render(_ info: MediaInfo, source: String) -> String {
        var lines = ["\(source)"]
        var head = "  format \(info.format), \(info.size) bytes"
        if let duration = info.duration { head += String(format: ", %.3f s", duration) }
        if let start = info.startTime { head += String(format: ", starts at %.3f s", start) }
        if let rate = info.bitRate { head += ", \(rate / 1000) kb/s" }
        lines.append(head)
        for stream in info.streams {
            lines.append("  #\(stream.index) \(stream.type.rawValue): " + describe(stream))
        }
        if let video = info.video {
            let decodes = video.firstKeyframeDecodes.map { $0 ? "yes" : "no" } ?? "not tried"
            lines.append("  keyframes: \(video.keyframeCount), first frame is a keyframe: \(video.firstFrameIsKeyframe ? "yes" : "no"), decodes: \(decodes)")
        }
        if info.nonMonotonicTimestamps { lines.append("  warning: timestamps go backwards") }
        if !info.scanComplete { lines.append("  note: only the first \(info.packetCount) packets were read") }
        return lines.joined(separator: "\n")
    }

    static func describe(_ stream: StreamInfo) -> String {
        var parts = [stream.codec]
        if let profile = stream.profile { parts.append(profile) }
        if let w = stream.width, let h = stream.height { parts.append("\(w)x\(h)") }
        if let fps = stream.frameRate { parts.append(String(format: "%.3g fps", fps)) }
        if let pix = stream.pixelFormat { parts.append(pix) }
        if let rate = stream.sampleRate { parts.append("\(rate) Hz") }
        if let channels = stream.channels { parts.append("\(channels) ch") }
        return parts.joined(separator: " ")
    }

    static func describe(_ video: VideoSummary) -> String {
        var parts = [video.codec]
        if let profile = video.profile { parts.append(profile) }
        if let w = video.width, let h = video.height { parts.append("\(w)x\(h)") }
        if let fps = video.frameRate { parts.append(String(format: "%.3g fps", fps)) }
        if let pix = video.pixelFormat { parts.append(pix) }
        return parts.joined(separator: " ")
    }

    static func describe(_ audio: AudioSummary) -> String {
        var parts = [audio.codec]
        if let rate = audio.sampleRate { parts.append("\(rate) Hz") }
        if let channels = audio.channels { parts.append("\(channels) ch") }
        return parts.joined(separator: " ")
    }
}
