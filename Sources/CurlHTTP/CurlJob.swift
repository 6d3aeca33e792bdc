import Foundation

/// What a caller asked for. It crosses from the caller's task to the loop thread, so it holds
/// only Sendable values; every C resource is made on the loop thread from it.
struct CurlRequest: Sendable {
    let id: UInt64
    let method: String
    let url: URL
    let headerLines: [String]
    let connectTimeoutMilliseconds: Int
    let totalTimeoutMilliseconds: Int
    let maxBodyBytes: Int
    let maxRedirects: Int
    let userAgent: String
    /// Sent as the request body (with `Content-Length`), when not nil.
    var body: [UInt8]? = nil
}

/// A request plus the continuation of the task waiting for it, resumed exactly once.
struct CurlJob: Sendable {
    typealias Completion = CheckedContinuation<Result<HTTPResponse, HTTPFetchError>, Never>

    let request: CurlRequest
    let completion: Completion

    var id: UInt64 { request.id }

    func finish(_ outcome: Result<HTTPResponse, HTTPFetchError>) {
        completion.resume(returning: outcome)
    }

    func fail(_ code: HTTPFetchError.Code, _ message: String) {
        finish(.failure(HTTPFetchError(code: code, message: message, url: request.url.absoluteString)))
    }
}
