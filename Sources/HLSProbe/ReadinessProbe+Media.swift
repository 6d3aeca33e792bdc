import Foundation

extension ReadinessProbe {
    /// The playlist-level rules, in the order a player would trip over them, then the newest
    /// segment.
    func checkMedia(
        _ media: MediaPlaylist,
        response: HTTPResponse,
        options: ProbeOptions,
        log: inout [FetchReport]
    ) async -> MediaPlaylistCheck {
        let url = response.url
        var summary = PlaylistSummary(
            url: url.absoluteString, version: media.version, targetDuration: media.targetDuration,
            mediaSequence: media.mediaSequence, segmentCount: media.segments.count,
            totalDuration: media.segments.reduce(0) { $0 + $1.duration },
            ended: media.hasEndList || media.playlistType == .vod, unchangedFor: nil
        )
        func verdict(_ reason: ReadinessReason?, _ message: String, _ segment: SegmentReport? = nil) -> MediaPlaylistCheck {
            MediaPlaylistCheck(
                url: url.absoluteString, ready: reason == nil, reason: reason, message: message,
                playlist: summary, segment: segment
            )
        }

        if summary.ended && !options.allowEnded {
            return verdict(.playlistEnded, "the playlist has ended (EXT-X-ENDLIST or PLAYLIST-TYPE:VOD): the stream is not live")
        }
        guard let target = media.targetDuration, target > 0 else {
            return verdict(.playlistInvalid, "the media playlist has no valid EXT-X-TARGETDURATION")
        }
        let needed = max(1, options.minSegments)
        guard media.segments.count >= needed else {
            return verdict(.tooFewSegments, "\(media.segments.count) segment(s) listed, at least \(needed) needed")
        }
        if let rule = PlaylistValidator.validate(.media(media)).first(where: { $0.rule == Self.extinfRule }) {
            let line = rule.line.map { "line \($0): " } ?? ""
            return verdict(.segmentDurationExceedsTarget, line + rule.message)
        }
        if !summary.ended {
            let unchanged = unchangedDuration(of: media, response: response)
            summary.unchangedFor = unchanged.seconds
            let limit = Duration.seconds(Double(target) * options.staleFactor)
            if unchanged > limit {
                return verdict(.playlistStale, String(
                    format: "the playlist has not changed for %.1f s (stale after %.1f s = %.1f × target duration)",
                    unchanged.seconds, limit.seconds, options.staleFactor))
            }
        }
        let outcome = await checkNewestSegment(of: media, options: options, log: &log)
        return verdict(outcome.reason, outcome.message, outcome.segment)
    }

    static let extinfRule = "extinf_exceeds_target_duration"

    /// How long the playlist has been unchanged: the longer of what this probe has seen
    /// itself and what the server's `Last-Modified` says. HTTP dates have whole-second
    /// resolution, so a second is forgiven to avoid calling a fresh playlist stale.
    private func unchangedDuration(of media: MediaPlaylist, response: HTTPResponse) -> Duration {
        let seen = history.observe(media, at: response.url, now: clock.elapsed)
        guard let modified = response.headers["last-modified"].flatMap(HTTPDate.parse) else { return seen }
        let now = response.headers["date"].flatMap(HTTPDate.parse) ?? Date()
        let age = now.timeIntervalSince(modified) - 1
        return age > 0 ? max(seen, .seconds(age)) : seen
    }
}
