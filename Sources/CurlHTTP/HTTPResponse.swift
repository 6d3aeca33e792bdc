import Foundation

/// A completed HTTP exchange. Any status, 404 and 500 included, is a response, not an error:
/// the caller decides what a status means.
public struct HTTPResponse: Sendable {
    public let status: Int
    /// Header fields of the final response only (those of redirect hops are dropped).
    public let headers: HTTPHeaderFields
    public let body: [UInt8]
    /// The effective URL after redirects: the base for resolving relative URIs in the body.
    public let url: URL
    public let redirectCount: Int
    public let timings: FetchTimings

    public init(
        status: Int, headers: HTTPHeaderFields, body: [UInt8], url: URL, redirectCount: Int,
        timings: FetchTimings
    ) {
        self.status = status
        self.headers = headers
        self.body = body
        self.url = url
        self.redirectCount = redirectCount
        self.timings = timings
    }

    /// True for 2xx statuses.
    public var isSuccess: Bool { (200..<300).contains(status) }
}
