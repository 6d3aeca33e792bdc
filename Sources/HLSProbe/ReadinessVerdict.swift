/// The answer to "can a player start on this stream now?", with the evidence.
public struct ReadinessVerdict: Sendable, Codable, Equatable {
    /// True when the last attempt found every checked media playlist ready.
    public var ready: Bool
    /// Why not, when `ready` is false; nil when ready.
    public var reason: ReadinessReason?
    /// One readable sentence: what was found, or what is wrong and where.
    public var message: String
    /// The URL the probe was asked about.
    public var url: String
    /// Every attempt, in order; the last one decided the verdict.
    public var attempts: [ProbeAttempt]
    /// The media playlist that decided the verdict (the first failing, else the first checked).
    public var playlist: PlaylistSummary?
    /// The newest segment of that playlist, as inspected.
    public var segment: SegmentReport?
    /// Each variant's check when the URL was a master playlist (SRS always serves one).
    public var variants: [MediaPlaylistCheck]?
    /// Seconds from the start of the probe to the verdict.
    public var elapsed: Double
}

/// One pass over the playlist (and its variants) and the newest segment.
public struct ProbeAttempt: Sendable, Codable, Equatable {
    /// 1-based attempt number.
    public var number: Int
    /// Seconds from the start of the probe to the start of this attempt.
    public var startedAt: Double
    /// Seconds this attempt took.
    public var elapsed: Double
    public var ready: Bool
    public var reason: ReadinessReason?
    public var message: String
    /// Every HTTP fetch this attempt made, in order.
    public var fetches: [FetchReport]
}

/// The result of checking one media playlist and its newest segment.
public struct MediaPlaylistCheck: Sendable, Codable, Equatable {
    public var url: String
    public var ready: Bool
    public var reason: ReadinessReason?
    public var message: String
    public var playlist: PlaylistSummary?
    public var segment: SegmentReport?
}

extension ReadinessVerdict {
    private enum CodingKeys: String, CodingKey {
        case ready, reason, message, url, attempts, playlist, segment, variants, elapsed
    }

    /// Written by hand so that `reason`, `playlist` and `segment` are always present (null
    /// when absent): consumers test `reason == null`, not a missing key.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(ready, forKey: .ready)
        try container.encode(reason, forKey: .reason)
        try container.encode(message, forKey: .message)
        try container.encode(url, forKey: .url)
        try container.encode(attempts, forKey: .attempts)
        try container.encode(playlist, forKey: .playlist)
        try container.encode(segment, forKey: .segment)
        try container.encodeIfPresent(variants, forKey: .variants)
        try container.encode(elapsed, forKey: .elapsed)
    }
}
