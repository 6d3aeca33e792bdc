import Foundation
import Logging

/// Where the media server is and what it calls things: what the domain needs to build
/// addresses and recognise streams, independent of how it was configured.
public struct MediaSettings: Sendable, Equatable {
    /// The RTMP application rooms publish to (`live`).
    public var app: String
    /// `rtmp://host[:port]/<app>`: publish URLs are `<rtmpBase>/<liveId>?key=...`.
    public var rtmpBase: String
    /// Where the media server serves HTTP (HLS and HTTP-FLV): `http://host:port`.
    public var httpBase: String

    public init(app: String = "live", rtmpBase: String = "rtmp://127.0.0.1/live", httpBase: String = "http://127.0.0.1:8080") {
        self.app = app
        self.rtmpBase = rtmpBase.hasSuffix("/") ? String(rtmpBase.dropLast()) : rtmpBase
        self.httpBase = httpBase.hasSuffix("/") ? String(httpBase.dropLast()) : httpBase
    }

    public func publishURL(liveId: String, key: String) -> String { "\(rtmpBase)/\(liveId)?key=\(key)" }
    public func hlsURL(liveId: String) -> String { "\(httpBase)/\(app)/\(liveId).m3u8" }
    public func flvURL(liveId: String) -> String { "\(httpBase)/\(app)/\(liveId).flv" }
}

/// Everything the room and hook services share.
public struct SidecarEnvironment: Sendable {
    public var store: any RoomStore
    public var control: any MediaServerControl
    public var keys: StreamKeys
    /// nil when no token secret is configured: signed tokens are then refused.
    public var tokens: SignedTokens?
    public var media: MediaSettings
    public var locks: KeyedLocks
    public var now: @Sendable () -> Date
    public var logger: Logger

    public init(
        store: any RoomStore, control: any MediaServerControl, keys: StreamKeys, tokens: SignedTokens?,
        media: MediaSettings, locks: KeyedLocks = KeyedLocks(), now: @escaping @Sendable () -> Date = { Date() },
        logger: Logger
    ) {
        self.store = store
        self.control = control
        self.keys = keys
        self.tokens = tokens
        self.media = media
        self.locks = locks
        self.now = now
        self.logger = logger
    }
}
