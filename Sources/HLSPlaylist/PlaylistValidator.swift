/// Checks a parsed playlist against the rules of RFC 8216 that parsing does not enforce.
///
/// Parsing rejects what cannot be represented (syntax, missing required attributes, mixed
/// master and media tags, a missing `#EXTM3U`); the validator reports what can be represented
/// but is wrong. Each rule code is stable:
///
/// Media playlists
/// - `missing_target_duration`: no EXT-X-TARGETDURATION. A violation rather than a parse
///   error so the segments of such a playlist can still be inspected.
/// - `extinf_exceeds_target_duration`: an EXTINF duration, rounded to the nearest integer, is
///   greater than EXT-X-TARGETDURATION (RFC 8216 section 4.3.3.1).
/// - `empty_media_playlist`: no segments (and no EXT-X-SKIP standing in for them).
/// - `version_too_low_for_feature`: a feature needs a higher EXT-X-VERSION than declared
///   (section 7), e.g. fractional EXTINF (3), EXT-X-BYTERANGE (4), EXT-X-MAP (5 or 6),
///   KEYFORMAT (5), EXT-X-DEFINE (8), EXT-X-SKIP (9). Reported once per feature.
/// - `byterange_without_offset`: EXT-X-BYTERANGE without an offset when the previous segment
///   is not a sub-range of the same resource.
/// - `key_iv_length`: an IV that is not 128 bits.
/// - `daterange_end_before_start`, `daterange_end_on_next_invalid`: EXT-X-DATERANGE rules.
/// - `part_without_part_inf`, `part_exceeds_part_target`, `part_hold_back_missing`,
///   `part_hold_back_too_small`, `hold_back_too_small`, `can_skip_until_too_small`:
///   Low-Latency HLS rules of RFC 8216bis.
///
/// Master playlists
/// - `empty_master_playlist`: no variant streams.
/// - `undefined_rendition_group`: AUDIO/VIDEO/SUBTITLES/CLOSED-CAPTIONS names a group with
///   no EXT-X-MEDIA of that type.
/// - `duplicate_rendition_name`, `multiple_default_renditions`: within one group.
/// - `closed_captions_with_uri`, `subtitles_without_uri`: EXT-X-MEDIA URI rules.
/// - `session_key_method_none`: EXT-X-SESSION-KEY with METHOD=NONE.
/// - `define_import_in_master`: EXT-X-DEFINE IMPORT, which only media playlists may use.
/// - `version_too_low_for_feature`, as above.
public enum PlaylistValidator {
    /// Every violation found, ordered by line (playlist-wide ones first).
    public static func validate(_ playlist: Playlist) -> [RuleViolation] {
        var violations: [RuleViolation]
        switch playlist {
        case .media(let media): violations = validate(media)
        case .master(let master): violations = validate(master)
        }
        // Stable: rules that report several lines keep their order within a line.
        return violations.enumerated()
            .sorted { ($0.element.line ?? 0, $0.offset) < ($1.element.line ?? 0, $1.offset) }
            .map(\.element)
    }

    public static func validate(_ playlist: MediaPlaylist) -> [RuleViolation] {
        var rules = MediaRules(playlist: playlist)
        rules.run()
        return rules.violations
    }

    public static func validate(_ playlist: MasterPlaylist) -> [RuleViolation] {
        var rules = MasterRules(playlist: playlist)
        rules.run()
        return rules.violations
    }
}

/// Collects `version_too_low_for_feature` once per feature.
struct VersionCheck {
    let declared: Int?
    private var reported: Set<String> = []
    private(set) var violations: [RuleViolation] = []

    init(declared: Int?) { self.declared = declared }

    mutating func require(_ version: Int, for feature: String, line: Int?) {
        // A playlist without EXT-X-VERSION is version 1 (RFC 8216 section 4.3.1.2).
        let effective = declared ?? 1
        guard effective < version, reported.insert(feature).inserted else { return }
        violations.append(RuleViolation(
            rule: "version_too_low_for_feature", line: line,
            message: "\(feature) requires EXT-X-VERSION \(version) or higher, playlist declares \(effective)"))
    }
}
