import Foundation
import SidecarCore

/// The recordings commands' output for people: aligned tables and `key: value` blocks.
enum RecordingsText {
    static func table(_ header: [String], _ rows: [[String]]) -> String {
        var widths = header.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count { widths[index] = max(widths[index], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                index == cells.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
        return ([line(header)] + rows.map(line)).joined(separator: "\n")
    }

    static func list(_ recordings: [Recording]) -> String {
        guard !recordings.isEmpty else { return "no recordings" }
        return table(
            ["ID", "STARTED (UTC)", "DURATION", "SIZE", "STATUS", "ROOM", "FILE"],
            recordings.map { recording in
                [
                    recording.id, time(recording.startedAt), duration(recording.media?.duration), bytes(recording.size),
                    recording.status.rawValue + (recording.reason.map { " (\($0))" } ?? ""), recording.roomId ?? "-",
                    recording.relativePath,
                ]
            })
    }

    static func show(_ recording: Recording) -> String {
        var lines: [(String, String)] = [
            ("id", recording.id), ("file", recording.path), ("status", recording.status.rawValue),
        ]
        if let reason = recording.reason { lines.append(("reason", reason)) }
        if let detail = recording.detail { lines.append(("detail", detail)) }
        lines += [
            ("room", recording.roomId ?? "-"), ("owner", recording.owner ?? "-"), ("live id", recording.liveId),
            ("app", recording.app), ("session", recording.sessionId ?? "-"),
            ("started", time(recording.startedAt)), ("ended", time(recording.endedAt)), ("size", "\(recording.size) bytes"),
        ]
        if let media = recording.media {
            var parts = [media.format, duration(media.duration)]
            if let video = media.videoCodec {
                var text = video
                if let width = media.width, let height = media.height { text += " \(width)x\(height)" }
                if let fps = media.frameRate { text += String(format: " %.3g fps", fps) }
                parts.append(text)
            }
            if let audio = media.audioCodec { parts.append(audio) }
            lines.append(("media", parts.joined(separator: ", ")))
        }
        lines += [("origin", recording.origin.rawValue)]
        if let source = recording.sourceId { lines.append(("source", source)) }
        lines += [("indexed", time(recording.indexedAt)), ("checked", time(recording.checkedAt))]
        let width = lines.map(\.0.count).max() ?? 0
        return lines.map { "\($0.0.padding(toLength: width, withPad: " ", startingAt: 0))  \($0.1)" }.joined(separator: "\n")
    }

    static func time(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC")!).year().month().day().dateSeparator(.dash)
            .time(includingFractionalSeconds: false).timeSeparator(.colon))
    }

    static func duration(_ seconds: Double?) -> String {
        guard let seconds, seconds.isFinite else { return "-" }
        let total = Int(seconds.rounded())
        return total >= 3600
            ? String(format: "%d:%02d:%02d", total / 3600, total / 60 % 60, total % 60)
            : String(format: "%d:%02d", total / 60, total % 60)
    }

    static func bytes(_ count: Int64) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(count)
        var unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return unit == 0 ? "\(count) B" : String(format: "%.1f %@", value, units[unit])
    }
}
