import Foundation
import SidecarCore

/// The form-encoded body of an nginx-rtmp notification (as a real nginx-rtmp 1.2.2 sends it;
/// see `Fixtures/nginx-rtmp/notifications/`).
///
/// nginx writes its own fields first (`app`, `flashver`, `swfurl`, `tcurl`, `pageurl`, `addr`,
/// `clientid`, `call`, `name`, `type`, ...) and then appends the client's query unchanged:
/// publishing to `rtmp://host/live/<liveId>?key=K` adds `&key=K`. So the first occurrence of
/// one of nginx's field names is nginx's, and every other pair is the client's: those are
/// re-joined into the query `HookParams` reads, the way SRS passes `param`.
struct NginxRTMPNotification: Sendable {
    /// Field names nginx-rtmp itself writes into a notification.
    static let nginxFields: Set<String> = [
        "app", "flashver", "swfurl", "tcurl", "pageurl", "addr", "epoch", "clientid", "call", "name", "type",
        "start", "duration", "reset", "time", "timestamp", "recorder", "path",
    ]

    private var fields: [String: String] = [:]
    /// The client's own query, `key=K&x=1`, exactly as it arrived (still percent-encoded).
    let params: String

    init(form: String) {
        var clientPairs: [Substring] = []
        for pair in form.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.decode(parts[0])
            if let name, Self.nginxFields.contains(name), fields[name] == nil {
                fields[name] = parts.count > 1 ? Self.decode(parts[1]) ?? "" : ""
            } else {
                clientPairs.append(pair)
            }
        }
        params = clientPairs.joined(separator: "&")
    }

    subscript(_ name: String) -> String? { fields[name] }

    var call: String { fields["call"] ?? "" }
    var app: String { fields["app"] ?? "" }
    var stream: String { fields["name"] ?? "" }
    var clientId: String { fields["clientid"] ?? "" }

    var publishRequest: PublishRequest {
        PublishRequest(app: app, stream: stream, clientId: clientId, ip: fields["addr"] ?? "", params: HookParams(params))
    }

    var playRequest: PlayRequest {
        // nginx-rtmp notifies RTMP players only; nginx's HTTP side serves HLS without hooks.
        PlayRequest(app: app, stream: stream, clientId: clientId, ip: fields["addr"] ?? "", params: HookParams(params), kind: .rtmp)
    }

    var endRequest: StreamEndRequest {
        StreamEndRequest(app: app, stream: stream, clientId: clientId)
    }

    /// `application/x-www-form-urlencoded`: `+` is a blank, then percent-decoding.
    static func decode(_ text: Substring) -> String? {
        if !text.utf8.contains(UInt8(ascii: "%")) && !text.utf8.contains(UInt8(ascii: "+")) { return String(text) }
        return String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}
