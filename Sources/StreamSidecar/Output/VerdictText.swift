import Foundation
import HLSProbe

/// The probe verdict as a few lines a person reads at a glance.
enum VerdictText {
    static func render(_ verdict: ReadinessVerdict) -> String {
        var lines: [String] = []
        let head = verdict.ready ? "READY" : "NOT READY (\(verdict.reason?.rawValue ?? "unknown"))"
        lines.append("\(head)  \(verdict.url)")
        lines.append("  \(verdict.message)")
        if let playlist = verdict.playlist {
            let target = playlist.targetDuration.map { "\($0) s" } ?? "none"
            lines.append("  playlist: \(playlist.segmentCount) segments from #\(playlist.mediaSequence), target duration \(target)" + (playlist.ended ? ", ended" : ", live"))
        }
        if let segment = verdict.segment {
            lines.append("  segment:  \(segment.uri)  " + String(format: "%.3f s, %d bytes", segment.duration, segment.bytes))
            if let video = segment.video { lines.append("  video:    " + MediaInfoText.describe(video)) }
            if let audio = segment.audio { lines.append("  audio:    " + MediaInfoText.describe(audio)) }
            let decodes = segment.decodes.map { $0 ? "yes" : "no" } ?? "not tried"
            lines.append("  keyframe at start: \(segment.startsWithKeyframe ? "yes" : "no"), decodes: \(decodes)")
        }
        for attempt in verdict.attempts {
            let outcome = attempt.ready ? "ready" : (attempt.reason?.rawValue ?? "?")
            let fetches = attempt.fetches.map(describe).joined(separator: ", ")
            lines.append(String(format: "  attempt %d at %.1f s: %@ (%@)", attempt.number, attempt.startedAt, outcome, fetches))
        }
        return lines.joined(separator: "\n")
    }

    private static func describe(_ fetch: FetchReport) -> String {
        let what = fetch.resource.rawValue.replacingOccurrences(of: "_", with: " ")
        guard let status = fetch.status else { return "\(what) failed" }
        let time = fetch.total.map { String(format: " in %.1f ms", $0 * 1000) } ?? ""
        return "\(what) \(status)\(time)"
    }
}
