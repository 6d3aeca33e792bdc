import Foundation
import Hummingbird
import SidecarCore

/// A hook's answer in SRS's terms.
struct HookAnswer: Sendable {
    let allowed: Bool
    let response: Response

    /// Allow: `200 {"code":0}`. Deny: `200 {"code":403,"reason":...,"deny":...}`; SRS denies on
    /// any non-zero code and logs the body, which is where an operator finds the reason.
    init(_ decision: HookDecision) {
        allowed = decision.allowed
        if decision.allowed {
            response = Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: Self.allowBytes))
        } else {
            let code = decision.code == .unavailable ? 503 : 403
            response = Self.json(.ok, Body(code: code, reason: decision.reason, deny: decision.code?.rawValue))
        }
    }

    private init(allowed: Bool, response: Response) {
        self.allowed = allowed
        self.response = response
    }

    /// A body we cannot act on: an HTTP error status (which SRS also treats as a deny) and
    /// the same JSON shape, so the SRS log says what was wrong.
    static func malformed(_ status: HTTPResponse.Status, _ reason: String) -> Response {
        json(status, Body(code: Int(status.code), reason: reason, deny: "malformed"))
    }

    /// The caller may not call hooks at all (address not allowed, wrong hook secret).
    static func forbidden(_ reason: String) -> Response {
        json(.forbidden, Body(code: 403, reason: reason, deny: "forbidden"))
    }

    static func unknownAction(_ action: String) -> HookAnswer {
        HookAnswer(allowed: false, response: malformed(.badRequest, "unknown hook action \"\(action)\""))
    }

    private struct Body {
        var code: Int
        var reason: String?
        var deny: String?
    }

    /// Encoded once: every accepted hook answers with these same bytes.
    private static let allowBytes = ByteBuffer(string: #"{"code":0}"#)

    /// Written out by hand: a denied publish is one of the hottest answers (a wrong key, a
    /// probing client) and `JSONEncoder` cost more than the rest of the deny put together.
    private static func json(_ status: HTTPResponse.Status, _ body: Body) -> Response {
        var text = #"{"code":"# + String(body.code)
        if let reason = body.reason { text += #","reason":"# + JSONString.quoted(reason) }
        if let deny = body.deny { text += #","deny":"# + JSONString.quoted(deny) }
        text += "}"
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
