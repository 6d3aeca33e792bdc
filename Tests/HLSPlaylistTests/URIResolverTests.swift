import Foundation
import Testing

@testable import HLSPlaylist

@Suite("URI resolution")
struct URIResolverTests {
    static let rfcBase = URIResolver(baseURL: URL(string: "http://a/b/c/d;p?q")!)

    /// RFC 3986 sections 5.4.1 and 5.4.2 (strict parser).
    static let rfcExamples: [(String, String)] = [
        ("g:h", "g:h"), ("g", "http://a/b/c/g"), ("./g", "http://a/b/c/g"), ("g/", "http://a/b/c/g/"),
        ("/g", "http://a/g"), ("//g", "http://g"), ("?y", "http://a/b/c/d;p?y"), ("g?y", "http://a/b/c/g?y"),
        ("#s", "http://a/b/c/d;p?q#s"), ("g#s", "http://a/b/c/g#s"), ("g?y#s", "http://a/b/c/g?y#s"),
        (";x", "http://a/b/c/;x"), ("g;x", "http://a/b/c/g;x"), ("g;x?y#s", "http://a/b/c/g;x?y#s"),
        ("", "http://a/b/c/d;p?q"), (".", "http://a/b/c/"), ("./", "http://a/b/c/"), ("..", "http://a/b/"),
        ("../", "http://a/b/"), ("../g", "http://a/b/g"), ("../..", "http://a/"), ("../../", "http://a/"),
        ("../../g", "http://a/g"),
        ("../../../g", "http://a/g"), ("../../../../g", "http://a/g"), ("/./g", "http://a/g"),
        ("/../g", "http://a/g"), ("g.", "http://a/b/c/g."), (".g", "http://a/b/c/.g"), ("g..", "http://a/b/c/g.."),
        ("..g", "http://a/b/c/..g"), ("./../g", "http://a/b/g"), ("./g/.", "http://a/b/c/g/"),
        ("g/./h", "http://a/b/c/g/h"), ("g/../h", "http://a/b/c/h"), ("g;x=1/./y", "http://a/b/c/g;x=1/y"),
        ("g;x=1/../y", "http://a/b/c/y"), ("g?y/./x", "http://a/b/c/g?y/./x"), ("g?y/../x", "http://a/b/c/g?y/../x"),
        ("g#s/./x", "http://a/b/c/g#s/./x"), ("g#s/../x", "http://a/b/c/g#s/../x"), ("http:g", "http:g"),
    ]

    @Test(arguments: rfcExamples)
    func rfc3986Examples(_ reference: String, _ expected: String) throws {
        let resolver = try #require(Self.rfcBase)
        #expect(resolver.resolve(reference) == expected)
    }

    @Test func srsSegmentKeepsItsQuery() throws {
        let resolver = try #require(URIResolver(baseURL: URL(string: "http://h:8080/live/sample.m3u8?hls_ctx=x")!))
        #expect(resolver.resolve("sample-0.ts?hls_ctx=x") == "http://h:8080/live/sample-0.ts?hls_ctx=x")
        #expect(resolver.resolve("/live/sample.m3u8?hls_ctx=59f0y929") == "http://h:8080/live/sample.m3u8?hls_ctx=59f0y929")
    }

    static let commonReferences = [
        "a.ts", "a.ts?x=1", "sub/dir/a.ts", "/abs/a.ts?q", "../up/a.ts", "https://cdn/x.ts", "//cdn/x.ts",
        "a%20b.ts", "seg-1.ts#frag", "?only=query",
    ]

    @Test(arguments: commonReferences)
    func agreesWithFoundation(_ reference: String) throws {
        let base = URL(string: "https://example.com:8443/live/stream/index.m3u8?token=abc")!
        let resolver = try #require(URIResolver(baseURL: base))
        let expected = URL(string: reference, relativeTo: base)?.absoluteURL.absoluteString
        #expect(resolver.resolve(reference) == expected)
    }

    @Test func baseWithoutPathOrWithFileScheme() throws {
        #expect(URIResolver(baseURL: URL(string: "http://h")!)?.resolve("a.ts") == "http://h/a.ts")
        #expect(URIResolver(baseURL: URL(fileURLWithPath: "/tmp/hls/x.m3u8"))?.resolve("a.ts") == "file:///tmp/hls/a.ts")
    }

    @Test func relativeBaseOrNoBase() throws {
        #expect(URIResolver(baseURL: URL(string: "live/x.m3u8")!) == nil)
        #expect(URIResolver.resolve("a.ts", with: nil) == nil)
        #expect(URIResolver.resolve("http://h/a.ts", with: nil) == "http://h/a.ts")
    }

    @Test func hostileDotSegmentsResolveQuickly() throws {
        let resolver = try #require(Self.rfcBase)
        let reference = String(repeating: "../", count: 20_000) + String(repeating: "a/./", count: 5_000) + "x"
        let clock = ContinuousClock()
        let elapsed = clock.measure { #expect(resolver.resolve(reference).hasSuffix("/a/a/x")) }
        #expect(elapsed < .seconds(2))
    }

    @Test func segmentURLsAreFoundationURLs() throws {
        let media = try parseMedia("#EXTM3U\n#EXTINF:1,\nname with space.ts\n", base: URL(string: "http://h/p/")!)
        #expect(media.segments.first?.resolvedURI == "http://h/p/name with space.ts")
        #expect(media.segments.first?.url?.path.hasSuffix("with space.ts") == true)
    }
}
