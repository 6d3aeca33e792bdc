import Foundation

/// The media playlist rules listed on ``PlaylistValidator``.
struct MediaRules {
    let playlist: MediaPlaylist
    private(set) var violations: [RuleViolation] = []
    private var versions: VersionCheck

    init(playlist: MediaPlaylist) {
        self.playlist = playlist
        versions = VersionCheck(declared: playlist.version)
    }

    mutating func run() {
        checkPlaylistTags()
        for index in playlist.segments.indices {
            checkSegment(at: index)
        }
        checkParts(playlist.segments.flatMap(\.parts) + playlist.trailingParts)
        for range in playlist.segments.flatMap(\.dateRanges) + playlist.trailingDateRanges {
            checkDateRange(range)
        }
        violations += versions.violations
    }

    private mutating func add(_ rule: String, _ line: Int?, _ message: String) {
        violations.append(RuleViolation(rule: rule, line: line, message: message))
    }

    private mutating func checkPlaylistTags() {
        if playlist.targetDuration == nil {
            add("missing_target_duration", nil, "a media playlist must have EXT-X-TARGETDURATION")
        }
        if playlist.segments.isEmpty, playlist.skip == nil {
            add("empty_media_playlist", nil, "the media playlist has no segments")
        }
        if playlist.iFramesOnly {
            versions.require(4, for: "EXT-X-I-FRAMES-ONLY", line: nil)
        }
        if let define = playlist.defines.first {
            versions.require(8, for: "EXT-X-DEFINE", line: define.line)
        }
        if let skip = playlist.skip {
            versions.require(skip.recentlyRemovedDateRanges.isEmpty ? 9 : 10, for: "EXT-X-SKIP", line: skip.line)
        }
        guard let control = playlist.serverControl else { return }
        if control.canSkipDateRanges {
            versions.require(10, for: "CAN-SKIP-DATERANGES", line: control.line)
        }
        if let target = playlist.targetDuration {
            let minimumHoldBack = 3 * Double(target)
            if let holdBack = control.holdBack, holdBack < minimumHoldBack {
                add("hold_back_too_small", control.line,
                    "HOLD-BACK \(holdBack) is less than three target durations (\(minimumHoldBack))")
            }
            let minimumSkip = 6 * Double(target)
            if let skipUntil = control.canSkipUntil, skipUntil < minimumSkip {
                add("can_skip_until_too_small", control.line,
                    "CAN-SKIP-UNTIL \(skipUntil) is less than six target durations (\(minimumSkip))")
            }
        }
        if let partInf = playlist.partInf {
            if let partHoldBack = control.partHoldBack {
                if partHoldBack < 2 * partInf.partTarget {
                    add("part_hold_back_too_small", control.line,
                        "PART-HOLD-BACK \(partHoldBack) is less than twice PART-TARGET \(partInf.partTarget)")
                }
            } else {
                add("part_hold_back_missing", control.line,
                    "EXT-X-SERVER-CONTROL needs PART-HOLD-BACK when EXT-X-PART-INF is present")
            }
        }
    }

    /// Takes an index rather than a segment: copying a segment retains all of its strings
    /// and arrays, which for a long playlist costs more than the checks themselves.
    private mutating func checkSegment(at index: Int) {
        let segment = playlist.segments[index]
        if let target = playlist.targetDuration, segment.duration.rounded() > Double(target) {
            add("extinf_exceeds_target_duration", segment.line,
                "EXTINF \(segment.duration) rounds to more than EXT-X-TARGETDURATION \(target)")
        }
        if segment.duration != segment.duration.rounded(.towardZero) {
            versions.require(3, for: "fractional EXTINF duration", line: segment.line)
        }
        if let range = segment.byteRange {
            versions.require(4, for: "EXT-X-BYTERANGE", line: segment.line)
            let previous = index > 0 ? playlist.segments[index - 1] : nil
            if range.offset == nil, previous?.byteRange == nil || previous?.uri != segment.uri {
                add("byterange_without_offset", segment.line,
                    "EXT-X-BYTERANGE has no offset, but the previous segment is not a sub-range of \(segment.uri)")
            }
        }
        if let map = segment.map {
            versions.require(playlist.iFramesOnly ? 5 : 6, for: "EXT-X-MAP", line: map.line)
        }
        for key in segment.keys {
            checkKey(key)
        }
    }

    private mutating func checkKey(_ key: EncryptionKey) {
        if let iv = key.iv {
            versions.require(2, for: "EXT-X-KEY IV", line: key.line)
            if iv.bytes.count != 16 {
                add("key_iv_length", key.line, "IV must be 128 bits, not \(iv.bytes.count * 8)")
            }
        }
        if key.keyFormat != nil || key.keyFormatVersions != nil {
            versions.require(5, for: "KEYFORMAT", line: key.line)
        }
        if key.method == .sampleAES || key.method == .sampleAESCTR {
            versions.require(5, for: "METHOD=\(key.method.rawValue)", line: key.line)
        }
    }

    private mutating func checkParts(_ parts: [PartialSegment]) {
        guard let first = parts.first else { return }
        guard let partInf = playlist.partInf else {
            add("part_without_part_inf", first.line, "EXT-X-PART requires EXT-X-PART-INF")
            return
        }
        for part in parts where part.duration > partInf.partTarget {
            add("part_exceeds_part_target", part.line,
                "EXT-X-PART DURATION \(part.duration) exceeds PART-TARGET \(partInf.partTarget)")
        }
    }

    private mutating func checkDateRange(_ range: DateRange) {
        if let start = range.startDate, let end = range.endDate, end < start {
            add("daterange_end_before_start", range.line, "END-DATE is before START-DATE in \(range.id)")
        }
        if range.endOnNext, range.dateRangeClass == nil || range.duration != nil || range.endDate != nil {
            add("daterange_end_on_next_invalid", range.line,
                "END-ON-NEXT requires CLASS and excludes DURATION and END-DATE in \(range.id)")
        }
    }
}
