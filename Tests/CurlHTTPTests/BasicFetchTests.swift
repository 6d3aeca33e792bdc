import CurlHTTP
import Foundation
import HTTPTestSupport
import Testing

@Suite("CurlHTTPClient: responses")
struct BasicFetchTests {
    @Test("200 with a body, request headers sent, no content negotiation")
    func okWithBody() async throws {
        try await withServer(handler: { _ in .ok(Array("hello".utf8), contentType: "text/plain") }) { server, client in
            let url = server.url("/hello?x=1")
            let response = try await client.get(url, headers: [("X-Probe", "42")])
            #expect(response.status == 200)
            #expect(response.body == Array("hello".utf8))
            #expect(response.url == url)
            #expect(response.redirectCount == 0)
            #expect(response.isSuccess)

            let seen = try #require(server.requests.first)
            #expect(seen.method == "GET")
            #expect(seen.path == "/hello")
            #expect(seen.query == "x=1")
            #expect(seen.header("x-probe") == "42")
            #expect(seen.header("user-agent") == "stream-sidecar")
            #expect(seen.header("accept-encoding") == nil)
        }
    }

    @Test("404 and 500 are responses, not errors")
    func errorStatusesAreResponses() async throws {
        try await withServer(handler: { request in
            request.path == "/boom" ? .text("broken", status: 500) : .notFound
        }) { server, client in
            let missing = try await client.get(server.url("/missing"))
            #expect(missing.status == 404)
            #expect(missing.body == Array("not found".utf8))
            #expect(!missing.isSuccess)
            let broken = try await client.get(server.url("/boom"))
            #expect(broken.status == 500)
        }
    }

    @Test("header lookup ignores case and keeps repeated fields")
    func headersCaseInsensitive() async throws {
        let headers = [("Content-Type", "application/vnd.apple.mpegurl"), ("X-Multi", "a"), ("x-multi", "b")]
        try await withServer(handler: { _ in TestResponse(headers: headers, body: [1]) }) { server, client in
            let response = try await client.get(server.url("/h"))
            #expect(response.headers["content-type"] == "application/vnd.apple.mpegurl")
            #expect(response.headers["CONTENT-TYPE"] == "application/vnd.apple.mpegurl")
            #expect(response.headers.values(for: "X-MULTI") == ["a", "b"])
            #expect(response.headers["content-length"] == "1")
            #expect(response.headers.contains("x-multi"))
            #expect(response.headers["x-absent"] == nil)
        }
    }

    @Test("an empty request header value is sent as empty, not dropped")
    func emptyHeaderValue() async throws {
        try await withServer(handler: { _ in .text("ok") }) { server, client in
            _ = try await client.get(server.url("/e"), headers: [("X-Empty", "")])
            #expect(server.requests.first?.header("x-empty") == "")
        }
    }

    @Test("redirects are followed; effective URL, count and final headers are reported")
    func redirectFollowed() async throws {
        try await withServer(handler: { request in
            switch request.path {
            case "/a": return TestResponse(status: 301, headers: [("Location", "/b"), ("X-Hop", "a")])
            case "/b": return .redirect(to: "final?v=2")
            case "/final": return .text("done")
            default: return .notFound
            }
        }) { server, client in
            let response = try await client.get(server.url("/a"))
            #expect(response.status == 200)
            #expect(response.body == Array("done".utf8))
            #expect(response.redirectCount == 2)
            #expect(response.url.absoluteString == server.baseURL + "/final?v=2")
            #expect(response.headers["x-hop"] == nil)
            #expect(response.headers["content-type"] == "text/plain")
        }
    }

    @Test("a body exactly at the cap is accepted")
    func bodyAtCap() async throws {
        let body = [UInt8].filler(1000)
        try await withServer(handler: { _ in .ok(body, contentType: "video/mp2t") }) { server, client in
            let response = try await client.get(server.url("/seg.ts"), maxBodyBytes: 1000)
            #expect(response.body == body)
        }
    }

    @Test("a chunked body of unknown length is received whole")
    func chunkedBody() async throws {
        let body = [UInt8].filler(70_000)
        let response = TestResponse(headers: [("Transfer-Encoding", "chunked")], body: body)
        try await withServer(handler: { _ in response }) { server, client in
            let fetched = try await client.get(server.url("/chunked"))
            #expect(fetched.headers["transfer-encoding"] == "chunked")
            #expect(fetched.headers["content-length"] == nil)
            #expect(fetched.body == body)
        }
    }

    @Test("timings are non-negative and ordered")
    func timingsOrdered() async throws {
        let slow = TestResponse(status: 200, body: [UInt8].filler(10), delay: .milliseconds(50))
        try await withServer(handler: { _ in slow }) { server, client in
            let timings = try await client.get(server.url("/t")).timings
            #expect(timings.connect >= .zero)
            #expect(timings.connect <= timings.firstByte)
            #expect(timings.firstByte <= timings.total)
            #expect(timings.firstByte >= .milliseconds(40))
            #expect(!timings.reusedConnection)
        }
    }
}

@Suite("CurlHTTPClient: other methods")
struct MethodTests {
    @Test("send uses the given method")
    func deleteMethod() async throws {
        try await withServer(handler: { request in .text("{\"code\":0}", contentType: "application/json") }) { server, client in
            let response = try await client.send("DELETE", server.url("/api/v1/clients/abc"))
            #expect(response.status == 200)
            #expect(response.body == Array("{\"code\":0}".utf8))
            #expect(server.requests.map(\.method) == ["DELETE"])
        }
    }

    @Test("HEAD returns status and headers without a body, and the connection stays usable")
    func headMethod() async throws {
        try await withServer(handler: { _ in .text("twelve bytes") }) { server, client in
            let head = try await client.send("HEAD", server.url("/h"))
            #expect(head.status == 200)
            #expect(head.headers["content-length"] == "12")
            #expect(head.body.isEmpty)
            let get = try await client.get(server.url("/h"))
            #expect(get.body == Array("twelve bytes".utf8))
            #expect(get.timings.reusedConnection)
            #expect(server.requests.map(\.method) == ["HEAD", "GET"])
        }
    }

    @Test("a method that is not a token is refused", arguments: ["", "GET /x", "G\r\nET"])
    func invalidMethod(_ method: String) async throws {
        let client = CurlHTTPClient()
        defer { client.shutdown() }
        let error = await fetchError { () async throws(HTTPFetchError) in
            try await client.send(method, URL(string: "http://127.0.0.1:1/")!)
        }
        #expect(error?.code == .invalidRequest)
    }
}
