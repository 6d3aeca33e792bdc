import SidecarCore

/// The JSON body of an SRS HTTP hook (fields as a real SRS 6/7 sends them; see
/// `Fixtures/srs-hooks/`). Everything but `action` is optional: each action sends a subset.
struct SRSHookPayload: Decodable, Equatable, Sendable {
    var action: String
    var server_id: String?
    var service_id: String?
    var client_id: String?
    var ip: String?
    var vhost: String?
    var app: String?
    var stream: String?
    var param: String?
    var tcUrl: String?
    var stream_id: String?
    var cwd: String?
    var file: String?
    var seq_no: Int?

    var publishRequest: PublishRequest {
        PublishRequest(
            app: app ?? "", stream: stream ?? "", clientId: client_id ?? "", ip: ip ?? "",
            params: HookParams(param ?? ""), streamId: stream_id, serverId: server_id, serviceId: service_id)
    }

    var playRequest: PlayRequest {
        PlayRequest(app: app ?? "", stream: stream ?? "", clientId: client_id ?? "", ip: ip ?? "", params: HookParams(param ?? ""), kind: viewerKind)
    }

    var endRequest: StreamEndRequest {
        StreamEndRequest(app: app ?? "", stream: stream ?? "", clientId: client_id ?? "")
    }

    /// SRS reports HLS players with a `.m3u8` stream, HTTP-FLV players with the odd tcUrl
    /// `rtmp://__defaultVhost__/live`, and RTMP players with the real tcUrl.
    var viewerKind: ViewerKind {
        let stream = stream ?? ""
        if stream.hasSuffix(".m3u8") { return .hls }
        if stream.hasSuffix(".flv") || (tcUrl ?? "").contains("__defaultVhost__") { return .flv }
        return .rtmp
    }

    /// Which fields an action needs; a hook missing them is malformed, not a deny.
    var missingField: String? {
        let needed: [(String, String?)]
        switch action {
        case "on_publish", "on_unpublish", "on_play", "on_stop":
            needed = [("app", app), ("stream", stream), ("client_id", client_id)]
        case "on_connect": needed = [("app", app)]
        case "on_hls", "on_dvr": needed = [("app", app), ("stream", stream)]
        default: needed = []
        }
        return needed.first { $0.1 == nil }?.0
    }
}
