/// Why a stream is not ready: the fixed, documented set of reason codes.
///
/// The raw values are part of the API (JSON, webhooks, the CLI); they never change meaning.
/// `docs/readiness.md` lists them with what a platform should do about each.
public enum ReadinessReason: String, Sendable, Codable, CaseIterable {
    /// The URL given to the probe is not an http(s) URL.
    case invalidURL = "invalid_url"
    /// The playlist could not be fetched: DNS, refused connection, reset.
    case playlistUnreachable = "playlist_unreachable"
    /// The playlist did not arrive within the timeout.
    case playlistTimeout = "playlist_timeout"
    /// The server answered 404 or 410: the stream has not started writing HLS yet (or ended).
    case playlistNotFound = "playlist_not_found"
    /// Any other non-2xx answer for the playlist.
    case playlistHTTPError = "playlist_http_error"
    /// The playlist is larger than the configured cap.
    case playlistTooLarge = "playlist_too_large"
    /// The playlist is not a valid RFC 8216 playlist.
    case playlistInvalid = "playlist_invalid"
    /// A master playlist lists no variant stream.
    case noVariants = "no_variants"
    /// The playlist has `EXT-X-ENDLIST` or is a VOD playlist: the live stream is over.
    case playlistEnded = "playlist_ended"
    /// Fewer segments than `minSegments`.
    case tooFewSegments = "too_few_segments"
    /// A segment's EXTINF, rounded, exceeds `EXT-X-TARGETDURATION` (RFC 8216 4.3.3.1).
    case segmentDurationExceedsTarget = "segment_duration_exceeds_target"
    /// The live playlist has not changed for more than `staleFactor` × target duration.
    case playlistStale = "playlist_stale"
    /// The newest segment (or its init section) could not be fetched.
    case segmentUnreachable = "segment_unreachable"
    /// The newest segment did not arrive within the timeout.
    case segmentTimeout = "segment_timeout"
    /// The newest segment answered 404 or 410.
    case segmentNotFound = "segment_not_found"
    /// Any other non-2xx answer for the newest segment.
    case segmentHTTPError = "segment_http_error"
    /// The newest segment is larger than the configured cap.
    case segmentTooLarge = "segment_too_large"
    /// The newest segment is encrypted (`EXT-X-KEY` other than NONE): not inspected.
    case segmentEncrypted = "segment_encrypted"
    /// The newest segment is not readable media (corrupt, truncated, not media at all).
    case segmentUnreadable = "segment_unreadable"
    /// The segment has no video stream and audio-only was not allowed.
    case noVideo = "no_video"
    /// The segment's first video frame is not a keyframe: a player cannot start on it.
    case keyframeMissing = "keyframe_missing"
    /// The first keyframe does not decode.
    case keyframeUndecodable = "keyframe_undecodable"
    /// The probe was cancelled before a verdict.
    case cancelled = "cancelled"
}
