import CurlHTTP
import Foundation
import HTTPTestSupport
#if canImport(Glibc)
import Glibc
#endif
import Testing

@Suite("CurlHTTPClient: failures")
struct FailureTests {
    @Test("a body over the cap with Content-Length fails with bodyTooLarge")
    func bodyTooLargeWithLength() async throws {
        try await withServer(handler: { _ in .ok(.filler(5000), contentType: "video/mp2t") }) { server, client in
            let error = await fetchError { () async throws(HTTPFetchError) in
                try await client.get(server.url("/big"), maxBodyBytes: 1000)
            }
            #expect(error?.code == .bodyTooLarge)
        }
    }

    @Test("a chunked body over the cap fails with bodyTooLarge")
    func bodyTooLargeChunked() async throws {
        let response = TestResponse(headers: [("Transfer-Encoding", "chunked")], body: .filler(5000))
        let config = CurlHTTPClient.Configuration(maxBodyBytes: 1000)
        try await withServer(configuration: config, handler: { _ in response }) { server, client in
            let error = await fetchError { () async throws(HTTPFetchError) in try await client.get(server.url("/big")) }
            #expect(error?.code == .bodyTooLarge)
            #expect(error?.message.contains("1000") == true)
        }
    }

    @Test("more redirects than allowed fail with tooManyRedirects")
    func tooManyRedirects() async throws {
        let config = CurlHTTPClient.Configuration(maxRedirects: 3)
        try await withServer(configuration: config, handler: { request in
            let hop = Int(request.path.dropFirst("/loop/".count)) ?? 0
            return .redirect(to: "/loop/\(hop + 1)")
        }) { server, client in
            let error = await fetchError { () async throws(HTTPFetchError) in try await client.get(server.url("/loop/0")) }
            #expect(error?.code == .tooManyRedirects)
            #expect(server.requests.count == 4)  // the original request and three redirects
        }
    }

    @Test("a redirect to file:// is not followed")
    func redirectToFileRefused() async throws {
        try await withServer(handler: { _ in .redirect(to: "file:///etc/passwd") }) { server, client in
            let error = await fetchError { () async throws(HTTPFetchError) in try await client.get(server.url("/r")) }
            #expect(error?.code == .unsupportedScheme)
        }
    }

    @Test("a response head later than totalTimeout fails with timedOut, promptly")
    func slowHeadTimesOut() async throws {
        let config = CurlHTTPClient.Configuration(totalTimeout: .milliseconds(200))
        // The answer comes far later than the bound below: a timeout that only fired once the
        // answer arrived would take 30 s. The bound leaves room for a machine so loaded (the
        // whole suite in parallel on 2 cores) that the test's own task waits seconds to resume:
        // with a 5 s answer and a 3 s bound, such a run once measured 5.2 s.
        let slow = TestResponse(body: [1], delay: .seconds(30))
        try await withServer(configuration: config, handler: { _ in slow }) { server, client in
            let (error, took) = await elapsed {
                await fetchError { () async throws(HTTPFetchError) in try await client.get(server.url("/slow")) }
            }
            #expect(error?.code == .timedOut)
            #expect(took < .seconds(10))
            #expect(error?.timings != nil)
        }
    }

    @Test("a body that stalls past the per-request timeout fails with timedOut")
    func stalledBodyTimesOut() async throws {
        var stalling = TestResponse(body: .filler(100))
        stalling.stallAfterBytes = 10
        stalling.stall = .seconds(3)
        try await withServer(handler: { [stalling] _ in stalling }) { server, client in
            let error = await fetchError { () async throws(HTTPFetchError) in
                try await client.get(server.url("/stall"), totalTimeout: .milliseconds(200))
            }
            #expect(error?.code == .timedOut)
        }
    }

    @Test("a closed port fails with couldNotConnect")
    func closedPort() async throws {
        let server = try await ScriptedHTTPServer.start { _ in .text("never") }
        try await server.stop()
        try await server.stop()  // idempotent
        // A port bound but never listened on, and held for the whole test: a stopped server's
        // port could be taken meanwhile by another suite's server running in parallel, whose
        // silent listener then turned this into a 10 s timedOut.
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        try #require(fd >= 0 && bound)
        let url = try #require(URL(string: "http://127.0.0.1:\(UInt16(bigEndian: address.sin_port))/x"))
        let client = CurlHTTPClient()
        defer { client.shutdown() }
        let error = await fetchError { () async throws(HTTPFetchError) in try await client.get(url) }
        #expect(error?.code == .couldNotConnect)
        #expect(error?.url == url.absoluteString)
    }

    @Test("schemes other than http and https are refused", arguments: [
        "ftp://127.0.0.1/file", "file:///etc/passwd", "gopher://127.0.0.1/", "nothing-at-all",
    ])
    func unsupportedScheme(_ address: String) async throws {
        let client = CurlHTTPClient()
        defer { client.shutdown() }
        let url = try #require(URL(string: address))
        let error = await fetchError { () async throws(HTTPFetchError) in try await client.get(url) }
        #expect(error?.code == .unsupportedScheme)
    }

    @Test("a header with a line break, a NUL or a bad name is refused before anything is sent", arguments: [
        ("X-A", "1\r\nX-Injected: 2"), ("X-A", "1\nX-Injected: 2"), ("X-A", "a\u{0}b"), ("X A", "1"), ("X:A", "1"), ("", "1"),
    ])
    func headerInjection(_ header: (String, String)) async throws {
        try await withServer(handler: { _ in .text("ok") }) { server, client in
            let error = await fetchError { () async throws(HTTPFetchError) in
                try await client.get(server.url("/"), headers: [header])
            }
            #expect(error?.code == .invalidRequest)
            #expect(server.requests.isEmpty)
        }
    }

    @Test("an http URL without a host fails without a response")
    func malformedURL() async throws {
        let client = CurlHTTPClient()
        defer { client.shutdown() }
        let url = try #require(URL(string: "http://"))
        let error = await fetchError { () async throws(HTTPFetchError) in try await client.get(url) }
        #expect(error?.code == .invalidURL)
    }
}
