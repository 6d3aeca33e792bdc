import Hummingbird
import SidecarCore

/// A hook's answer in nginx-rtmp's terms: it reads only the status line. 2xx allows, 4xx and
/// 5xx deny (the client is disconnected), 3xx would redirect the stream and is never sent.
/// The short text body is for a person reading a capture; nginx-rtmp does not log it, so the
/// daemon logs each deny itself.
enum NginxHookAnswer {
    static func response(_ decision: HookDecision) -> Response {
        if decision.allowed { return text(.ok, "ok") }
        let status: HTTPResponse.Status = decision.code == .unavailable ? .serviceUnavailable : .forbidden
        return text(status, "denied (\(decision.code?.rawValue ?? "denied")): \(decision.reason)")
    }

    /// A notification we cannot act on; nginx-rtmp treats the 4xx as a deny.
    static func malformed(_ status: HTTPResponse.Status, _ reason: String) -> Response {
        text(status, "malformed: \(reason)")
    }

    private static func text(_ status: HTTPResponse.Status, _ body: String) -> Response {
        Response(
            status: status, headers: [.contentType: "text/plain; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: body + "\n")))
    }
}
