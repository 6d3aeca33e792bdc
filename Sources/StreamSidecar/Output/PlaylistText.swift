import Foundation

/// A playlist report as a short listing.
enum PlaylistText {
    /// Long playlists are summarised: the first and last few segments tell the story.
    static let shownSegments = 5

    static func render(_ report: PlaylistReport, source: String) -> String {
        var lines = ["\(source): \(report.kind) playlist" + (report.version.map { ", version \($0)" } ?? "")]
        if let segments = report.segments {
            let target = report.targetDuration.map { "\($0) s" } ?? "missing"
            let state = report.ended == true ? "ended" : "live"
            lines.append("  target duration \(target), media sequence \(report.mediaSequence ?? 0), \(segments.count) segments, "
                + String(format: "%.3f s, %@", report.totalDuration ?? 0, state))
            for (i, segment) in segments.enumerated() {
                if segments.count > 2 * shownSegments && i == shownSegments {
                    lines.append("  … \(segments.count - 2 * shownSegments) more …")
                }
                if segments.count > 2 * shownSegments && i >= shownSegments && i < segments.count - shownSegments { continue }
                lines.append(String(format: "  #%d %7.3f s  %@", segment.sequenceNumber, segment.duration, segment.uri)
                    + (segment.discontinuity ? "  (discontinuity)" : ""))
            }
        }
        for variant in report.variants ?? [] {
            var parts = ["\(variant.bandwidth) b/s"]
            if let resolution = variant.resolution { parts.append(resolution) }
            if let codecs = variant.codecs { parts.append(codecs) }
            lines.append("  variant \(variant.uri)  " + parts.joined(separator: ", "))
        }
        if report.violations.isEmpty {
            lines.append("  no rule broken")
        } else {
            for violation in report.violations {
                let line = violation.line.map { "line \($0): " } ?? ""
                lines.append("  \(violation.rule): \(line)\(violation.message)")
            }
        }
        return lines.joined(separator: "\n")
    }
}
