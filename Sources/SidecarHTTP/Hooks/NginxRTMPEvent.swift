/// The nginx-rtmp notifications the daemon serves, one URL each:
/// `POST /hooks/nginx-rtmp/<rawValue>`, named after nginx's directive.
enum NginxRTMPEvent: String, Sendable, CaseIterable {
    case connect = "on_connect"
    case publish = "on_publish"
    case publishDone = "on_publish_done"
    case play = "on_play"
    case playDone = "on_play_done"
    case done = "on_done"
    case recordDone = "on_record_done"
    case update = "on_update"

    /// The `call` field nginx writes for this directive. A body whose `call` is not one of
    /// these was sent to the wrong URL (a mix-up in nginx.conf) and is refused as malformed.
    var calls: Set<String> {
        switch self {
        case .connect: ["connect"]
        case .publish: ["publish"]
        case .publishDone: ["publish_done"]
        case .play: ["play"]
        case .playDone: ["play_done"]
        case .done: ["done"]
        case .recordDone: ["record_done"]
        // `update` alone when the client neither publishes nor plays (yet).
        case .update: ["update_publish", "update_play", "update"]
        }
    }

    /// The fields the event needs; a notification missing one is malformed, not a deny.
    var requiredFields: [String] {
        switch self {
        case .connect: ["app"]
        case .publish, .publishDone, .play, .playDone: ["app", "name", "clientid"]
        case .done, .update: ["app", "clientid"]
        case .recordDone: ["app", "name", "path"]
        }
    }
}
