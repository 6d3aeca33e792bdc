import HLSProbe

/// What `stream-sidecar playlist` prints: the playlist's shape and every rule it breaks.
struct PlaylistReport: Encodable {
    struct Segment: Encodable {
        var sequenceNumber: Int
        var uri: String
        var url: String?
        var duration: Double
        var discontinuity: Bool
    }

    struct Variant: Encodable {
        var uri: String
        var url: String?
        var bandwidth: Int
        var averageBandwidth: Int?
        var codecs: String?
        var resolution: String?
        var frameRate: Double?
    }

    var kind: String
    var version: Int?
    var targetDuration: Int?
    var mediaSequence: Int?
    var ended: Bool?
    var totalDuration: Double?
    var segments: [Segment]?
    var variants: [Variant]?
    var violations: [RuleViolation]

    init(_ playlist: Playlist, violations: [RuleViolation]) {
        self.violations = violations
        switch playlist {
        case .media(let media):
            kind = "media"
            version = media.version
            targetDuration = media.targetDuration
            mediaSequence = media.mediaSequence
            ended = media.hasEndList || media.playlistType == .vod
            totalDuration = media.segments.reduce(0) { $0 + $1.duration }
            segments = media.segments.map {
                Segment(
                    sequenceNumber: $0.sequenceNumber, uri: $0.uri, url: $0.url?.absoluteString,
                    duration: $0.duration, discontinuity: $0.discontinuity)
            }
        case .master(let master):
            kind = "master"
            version = master.version
            variants = master.variants.map {
                Variant(
                    uri: $0.uri, url: $0.url?.absoluteString, bandwidth: $0.bandwidth,
                    averageBandwidth: $0.averageBandwidth, codecs: $0.codecs,
                    resolution: $0.resolution.map { "\($0.width)x\($0.height)" }, frameRate: $0.frameRate)
            }
        }
    }
}
