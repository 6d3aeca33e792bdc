import Foundation

/// EXT-X-SERVER-CONTROL (LL-HLS).
public struct ServerControl: Sendable, Equatable, Codable {
    public var canSkipUntil: Double?
    public var canSkipDateRanges: Bool
    public var holdBack: Double?
    public var partHoldBack: Double?
    public var canBlockReload: Bool
    public var line: Int
}

/// EXT-X-PART-INF (LL-HLS).
public struct PartInformation: Sendable, Equatable, Codable {
    /// PART-TARGET, in seconds.
    public var partTarget: Double
    public var line: Int
}

/// EXT-X-PRELOAD-HINT (LL-HLS).
public struct PreloadHint: Sendable, Equatable, Codable {
    public enum HintType: String, Sendable, Equatable, Codable {
        case part = "PART"
        case map = "MAP"
    }

    public var type: HintType
    public var uri: String
    public var resolvedURI: String?
    public var byteRangeStart: Int?
    public var byteRangeLength: Int?
    public var line: Int

    public var url: URL? { resolvedURI.flatMap { URL(string: $0) } }
}

/// EXT-X-RENDITION-REPORT (LL-HLS).
public struct RenditionReport: Sendable, Equatable, Codable {
    public var uri: String
    public var resolvedURI: String?
    /// LAST-MSN.
    public var lastMediaSequence: Int?
    public var lastPart: Int?
    public var line: Int

    public var url: URL? { resolvedURI.flatMap { URL(string: $0) } }
}

/// EXT-X-SKIP (LL-HLS playlist delta updates).
public struct SkipInformation: Sendable, Equatable, Codable {
    public var skippedSegments: Int
    /// RECENTLY-REMOVED-DATERANGES, split at tabs.
    public var recentlyRemovedDateRanges: [String]
    public var line: Int
}
