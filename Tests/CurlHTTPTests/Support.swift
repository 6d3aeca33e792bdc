import CurlHTTP
import Foundation
import HTTPTestSupport

/// Starts a scripted server and a client, runs `body`, then stops both (also when `body` throws).
func withServer<T>(
    configuration: CurlHTTPClient.Configuration = .init(),
    handler: @escaping @Sendable (TestRequest) async -> TestResponse,
    _ body: (ScriptedHTTPServer, CurlHTTPClient) async throws -> T
) async throws -> T {
    let server = try await ScriptedHTTPServer.start(handler: handler)
    let client = CurlHTTPClient(configuration: configuration)
    defer { client.shutdown() }
    do {
        let result = try await body(server, client)
        try await server.stop()
        return result
    } catch {
        try? await server.stop()
        throw error
    }
}

/// The error a fetch threw, or nil if it returned a response.
func fetchError(_ fetch: () async throws(HTTPFetchError) -> HTTPResponse) async -> HTTPFetchError? {
    do {
        _ = try await fetch()
        return nil
    } catch {
        return error
    }
}

/// A fetch as a Result, so that a Task running it keeps the typed error.
func fetchResult(_ fetch: () async throws(HTTPFetchError) -> HTTPResponse) async -> Result<HTTPResponse, HTTPFetchError> {
    do {
        return .success(try await fetch())
    } catch {
        return .failure(error)
    }
}

extension Result {
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}

/// Wall-clock time of `body`.
func elapsed<T>(_ body: () async throws -> T) async rethrows -> (T, Duration) {
    let clock = ContinuousClock()
    let start = clock.now
    let value = try await body()
    return (value, clock.now - start)
}

extension Array where Element == UInt8 {
    /// Deterministic filler bytes of the given length.
    static func filler(_ count: Int) -> [UInt8] { (0..<count).map { UInt8(truncatingIfNeeded: $0 * 31 + 7) } }
}
