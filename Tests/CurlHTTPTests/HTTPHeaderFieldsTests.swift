import CurlHTTP
import Testing

@Suite("HTTPHeaderFields and HTTPFetchError")
struct HTTPHeaderFieldsTests {
    @Test func lookupIgnoresCase() {
        let fields = HTTPHeaderFields([("Cache-Control", "no-cache"), ("SET-COOKIE", "a=1"), ("set-cookie", "b=2")])
        #expect(fields["cache-control"] == "no-cache")
        #expect(fields["Set-Cookie"] == "a=1")
        #expect(fields.values(for: "set-COOKIE") == ["a=1", "b=2"])
        #expect(fields.count == 3)
        #expect(fields.map(\.name) == ["Cache-Control", "SET-COOKIE", "set-cookie"])
        #expect(!fields.contains("cache"))
    }

    @Test func codesCompareAndPrint() {
        let error = HTTPFetchError(code: .timedOut, message: "too slow", url: "http://x/")
        #expect(error.code == .timedOut)
        #expect(error.code != .cancelled)
        #expect(error.description == "timedOut: too slow (http://x/)")
    }
}
