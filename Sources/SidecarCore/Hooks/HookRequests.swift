import Foundation

/// A client asking to publish, as any media server dialect reports it.
public struct PublishRequest: Sendable, Equatable {
    public var app: String
    /// The stream name: our liveId.
    public var stream: String
    public var clientId: String
    public var ip: String
    public var params: HookParams
    /// SRS's ids, when the dialect has them.
    public var streamId: String?
    public var serverId: String?
    public var serviceId: String?

    public init(
        app: String, stream: String, clientId: String, ip: String, params: HookParams,
        streamId: String? = nil, serverId: String? = nil, serviceId: String? = nil
    ) {
        self.app = app
        self.stream = stream
        self.clientId = clientId
        self.ip = ip
        self.params = params
        self.streamId = streamId
        self.serverId = serverId
        self.serviceId = serviceId
    }
}

/// A client asking to play. HLS viewers arrive with `stream` = `<liveId>.m3u8`.
public struct PlayRequest: Sendable, Equatable {
    public var app: String
    public var stream: String
    public var clientId: String
    public var ip: String
    public var params: HookParams
    public var kind: ViewerKind

    public init(app: String, stream: String, clientId: String, ip: String, params: HookParams, kind: ViewerKind) {
        self.app = app
        self.stream = stream
        self.clientId = clientId
        self.ip = ip
        self.params = params
        self.kind = kind
    }

    /// The liveId without the `.m3u8` / `.flv` an HTTP player's stream name carries.
    public var liveId: String { LiveIds.strip(stream) }
}

/// How a viewer watches.
public enum ViewerKind: String, Sendable, Codable {
    case rtmp
    case flv
    case hls
}

/// The end of a publish or a play: which client, on which stream.
public struct StreamEndRequest: Sendable, Equatable {
    public var app: String
    public var stream: String
    public var clientId: String

    public init(app: String, stream: String, clientId: String) {
        self.app = app
        self.stream = stream
        self.clientId = clientId
    }

    public var liveId: String { LiveIds.strip(stream) }
}

enum LiveIds {
    static func strip(_ stream: String) -> String {
        for suffix in [".m3u8", ".flv"] where stream.hasSuffix(suffix) {
            return String(stream.dropLast(suffix.count))
        }
        return stream
    }
}

/// Allow, or deny with a reason the media server logs and a person can act on.
public struct HookDecision: Sendable, Equatable {
    public var allowed: Bool
    public var reason: String
    public var code: DenyCode?

    public static let allow = HookDecision(allowed: true, reason: "ok", code: nil)

    public static func deny(_ code: DenyCode, _ reason: String) -> HookDecision {
        HookDecision(allowed: false, reason: reason, code: code)
    }
}

/// Stable, machine-readable deny codes (the readable `reason` may change wording).
public enum DenyCode: String, Sendable, Codable {
    case unknownApp = "unknown_app"
    case unknownStream = "unknown_stream"
    case missingCredential = "missing_credential"
    case ambiguousCredential = "ambiguous_credential"
    case invalidKey = "invalid_key"
    case invalidToken = "invalid_token"
    case expiredToken = "expired_token"
    case banned = "banned"
    case suspended = "suspended"
    case busy = "busy"
    /// A periodic check (nginx-rtmp's `on_update`) found the room no longer live from this
    /// publisher.
    case notPublishing = "not_publishing"
    case unavailable = "unavailable"
}
