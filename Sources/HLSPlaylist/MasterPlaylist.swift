import Foundation

/// A master (multivariant) playlist: variant streams and renditions.
public struct MasterPlaylist: Sendable, Equatable, Codable {
    public var version: Int?
    public var variants: [VariantStream] = []
    public var iFrameVariants: [VariantStream] = []
    public var renditions: [Rendition] = []
    public var sessionData: [SessionData] = []
    public var sessionKeys: [EncryptionKey] = []
    public var independentSegments: Bool = false
    public var start: StartPoint?
    public var contentSteering: ContentSteering?
    public var defines: [VariableDefinition] = []
    public var unknownTags: [UnknownTag] = []

    public init() {}
}

/// EXT-X-STREAM-INF with its URI line, or EXT-X-I-FRAME-STREAM-INF with its URI attribute.
///
/// Properties mirror the attributes they come from (BANDWIDTH, AVERAGE-BANDWIDTH, SCORE,
/// CODECS, SUPPLEMENTAL-CODECS, RESOLUTION, FRAME-RATE, HDCP-LEVEL, ALLOWED-CPC, VIDEO-RANGE,
/// REQ-VIDEO-LAYOUT, STABLE-VARIANT-ID, PATHWAY-ID, AUDIO, VIDEO, SUBTITLES, CLOSED-CAPTIONS);
/// enumerated-strings such as HDCP-LEVEL are kept as text so new values do not fail a parse.
public struct VariantStream: Sendable, Equatable, Codable {
    /// The URI exactly as written.
    public var uri: String
    /// ``uri`` resolved against the playlist URL; nil without a base URL for a relative URI.
    public var resolvedURI: String?
    /// Peak bit rate, bits per second.
    public var bandwidth: Int
    public var averageBandwidth: Int?
    public var score: Double?
    /// CODECS as written, such as `avc1.64001f,mp4a.40.2`.
    public var codecs: String?
    public var supplementalCodecs: String?
    public var resolution: Resolution?
    /// FRAME-RATE; never set for I-frame variants.
    public var frameRate: Double?
    public var hdcpLevel: String?
    public var allowedCPC: String?
    public var videoRange: String?
    public var requiredVideoLayout: String?
    public var stableVariantID: String?
    public var pathwayID: String?
    public var audio: String?
    public var video: String?
    public var subtitles: String?
    /// CLOSED-CAPTIONS group id when given as a quoted-string.
    public var closedCaptions: String?
    /// CLOSED-CAPTIONS=NONE: the variant has no closed captions at all.
    public var closedCaptionsNone: Bool
    /// The line of the EXT-X-STREAM-INF (or EXT-X-I-FRAME-STREAM-INF) tag.
    public var line: Int

    public var url: URL? { resolvedURI.flatMap { URL(string: $0) } }

    /// CODECS split at commas.
    public var codecList: [String] {
        codecs.map { $0.split(separator: ",").map { String($0) } } ?? []
    }
}

/// EXT-X-MEDIA. Properties mirror its attributes; DEFAULT, AUTOSELECT and FORCED default to NO.
public struct Rendition: Sendable, Equatable, Codable {
    public enum MediaType: String, Sendable, Equatable, Codable {
        case audio = "AUDIO"
        case video = "VIDEO"
        case subtitles = "SUBTITLES"
        case closedCaptions = "CLOSED-CAPTIONS"
    }

    public var type: MediaType
    public var groupID: String
    public var name: String
    public var language: String?
    public var assocLanguage: String?
    public var stableRenditionID: String?
    public var uri: String?
    public var resolvedURI: String?
    public var isDefault: Bool
    public var autoselect: Bool
    public var forced: Bool
    public var instreamID: String?
    public var characteristics: String?
    public var channels: String?
    public var bitDepth: Int?
    public var sampleRate: Int?
    public var line: Int

    public var url: URL? { resolvedURI.flatMap { URL(string: $0) } }
}

/// EXT-X-SESSION-DATA.
public struct SessionData: Sendable, Equatable, Codable {
    public var dataID: String
    public var value: String?
    public var uri: String?
    public var resolvedURI: String?
    /// FORMAT: `JSON` (the default) or `RAW`.
    public var format: String?
    public var language: String?
    public var line: Int
}

/// EXT-X-CONTENT-STEERING.
public struct ContentSteering: Sendable, Equatable, Codable {
    public var serverURI: String
    public var resolvedServerURI: String?
    public var pathwayID: String?
    public var line: Int
}
