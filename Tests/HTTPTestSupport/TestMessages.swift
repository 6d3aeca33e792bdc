/// One request as the scripted server received it.
public struct TestRequest: Sendable {
    public let method: String
    /// Path and query exactly as received ("/live/index.m3u8?token=1").
    public let uri: String
    public let path: String
    public let query: String?
    public let headers: [(String, String)]
    public let body: [UInt8]

    public init(method: String, uri: String, headers: [(String, String)], body: [UInt8] = []) {
        self.body = body
        self.method = method
        self.uri = uri
        if let mark = uri.firstIndex(of: "?") {
            path = String(uri[..<mark])
            query = String(uri[uri.index(after: mark)...])
        } else {
            path = uri
            query = nil
        }
        self.headers = headers
    }

    /// The first value of header `name`, compared without regard to letter case.
    public func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }
}

/// What the scripted server answers. Content-Length is added unless the headers already carry
/// Content-Length or Transfer-Encoding (send "Transfer-Encoding: chunked" for a body of
/// unknown length).
public struct TestResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8]
    /// Wait this long before sending the response head.
    public var delay: Duration?
    /// Send this many body bytes, then wait `stall` before sending the rest.
    public var stallAfterBytes: Int?
    public var stall: Duration?

    public init(status: Int = 200, headers: [(String, String)] = [], body: [UInt8] = [], delay: Duration? = nil) {
        self.status = status
        self.headers = headers
        self.body = body
        self.delay = delay
    }

    public static func ok(_ body: [UInt8], contentType: String) -> TestResponse {
        TestResponse(status: 200, headers: [("Content-Type", contentType)], body: body)
    }

    public static func text(_ s: String, status: Int = 200, contentType: String = "text/plain") -> TestResponse {
        TestResponse(status: status, headers: [("Content-Type", contentType)], body: Array(s.utf8))
    }

    public static let notFound = TestResponse.text("not found", status: 404)

    public static func redirect(to location: String, status: Int = 302) -> TestResponse {
        TestResponse(status: status, headers: [("Location", location)])
    }
}
