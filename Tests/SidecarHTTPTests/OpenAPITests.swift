import Foundation
import Hummingbird
import HummingbirdTesting
import SidecarCore
import SidecarHTTP
import Testing

/// The OpenAPI document (`Sources/SidecarHTTP/Resources/openapi.yaml`) must describe exactly the
/// routes the daemon serves, and the daemon must serve exactly that file.
@Suite("OpenAPI document")
struct OpenAPITests {
    /// One HTTP operation: `GET /api/v1/rooms/{roomId}`.
    struct Operation: Hashable, Comparable, CustomStringConvertible {
        var method: String
        var path: String

        var description: String { "\(method) \(path)" }

        static func < (a: Operation, b: Operation) -> Bool {
            (a.path, a.method) < (b.path, b.method)
        }
    }

    /// `Tests/SidecarHTTPTests/OpenAPITests.swift` → `Sources/SidecarHTTP/Resources/openapi.yaml`.
    static let documentURL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Tests/SidecarHTTPTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // the package root
        .appendingPathComponent("Sources/SidecarHTTP/Resources/openapi.yaml")

    static func documentText() throws -> String {
        try String(contentsOf: documentURL, encoding: .utf8)
    }

    static let methods: Set<String> = ["get", "put", "post", "delete", "patch", "head", "options", "trace"]

    /// The operations under `paths:`, by a line scan (no YAML library): the document keeps path
    /// keys at exactly two spaces (`  /api/v1/rooms:`) and their operations at exactly four
    /// (`    get:`). Any other top-level key ends `paths:`.
    static func documentedOperations(_ yaml: String) -> Set<Operation> {
        var operations = Set<Operation>()
        var inPaths = false
        var currentPath: String?
        for rawLine in yaml.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = Substring(rawLine)
            while let last = line.last, last == " " || last == "\r" || last == "\t" { line = line.dropLast() }
            let content = line.drop { $0 == " " }
            if content.isEmpty || content.hasPrefix("#") { continue }
            let indent = line.count - content.count
            switch indent {
            case 0:
                inPaths = line == "paths:"
                currentPath = nil
            case 2 where inPaths:
                // A path key, possibly quoted; anything else at this level (an `x-` extension) is not a path.
                var key = content.hasSuffix(":") ? content.dropLast() : ""
                if key.count >= 2, let first = key.first, first == key.last, first == "'" || first == "\"" {
                    key = key.dropFirst().dropLast()
                }
                currentPath = key.hasPrefix("/") ? String(key) : nil
            case 4 where inPaths:
                guard let path = currentPath, content.hasSuffix(":") else { continue }
                let key = String(content.dropLast())
                if methods.contains(key) {
                    operations.insert(Operation(method: key.uppercased(), path: normalise(path)))
                }
            default:
                continue
            }
        }
        return operations
    }

    /// `/api/v1/rooms/:roomId/` and `api/v1/rooms/{roomId}` both become `/api/v1/rooms/{roomId}`.
    static func normalise(_ path: String) -> String {
        let components = path.split(separator: "/", omittingEmptySubsequences: true).map { component -> String in
            component.hasPrefix(":") ? "{\(component.dropFirst())}" : String(component)
        }
        return "/" + components.joined(separator: "/")
    }

    static func list(_ operations: Set<Operation>) -> String {
        operations.isEmpty ? "(none)" : operations.sorted().map(\.description).joined(separator: ", ")
    }

    /// Where two texts first differ, for a readable failure instead of two whole files.
    static func firstDifference(_ a: String, _ b: String) -> String {
        let left = a.split(separator: "\n", omittingEmptySubsequences: false)
        let right = b.split(separator: "\n", omittingEmptySubsequences: false)
        for index in 0..<max(left.count, right.count) {
            let l = index < left.count ? String(left[index]) : "<end of text>"
            let r = index < right.count ? String(right[index]) : "<end of text>"
            if l != r { return "line \(index + 1): served \"\(l)\" vs file \"\(r)\"" }
        }
        return "no line differs (line endings?)"
    }

    @Test("the line scan finds path keys and operations, and nothing else")
    func scanner() {
        let yaml = """
            openapi: 3.1.0
            info:
              title: t
              description: |
                get:
                  /not-a-path:
            paths:
              /a:
                get:
                  summary: x
                  responses:
                    '200':
                      description: ok
              # a comment
              '/b/{id}':
                parameters: []
                put:
                  description: |
                    post:
                delete:
            components:
              schemas:
                get:
                  type: object
            """
        #expect(Self.documentedOperations(yaml) == [
            Operation(method: "GET", path: "/a"), Operation(method: "PUT", path: "/b/{id}"),
            Operation(method: "DELETE", path: "/b/{id}"),
        ])
        #expect(Self.normalise("api/v1/rooms/:roomId/") == "/api/v1/rooms/{roomId}")
    }

    @Test("every route the router serves (with either hook dialect) is documented, and every documented operation is served")
    func documentMatchesRouter() async throws {
        var served = Set<Operation>()
        for kind in MediaServerKind.allCases {
            let h = try await HTTPHarness(mediaServer: kind)
            defer { h.core.remove() }
            served.formUnion(h.router.routes.map { route in
                Operation(method: route.method.rawValue, path: Self.normalise(route.path.description))
            })
        }
        let documented = Self.documentedOperations(try Self.documentText())
        // A HEAD the router generates from a GET (Router option `autoGenerateHeadEndpoints`) is
        // implied by the GET and is not documented separately.
        for head in served where head.method == "HEAD" && served.contains(Operation(method: "GET", path: head.path)) {
            served.remove(head)
        }

        #expect(!documented.isEmpty, "no operations found under paths: in \(Self.documentURL.path)")
        #expect(!served.isEmpty, "the router has no routes")
        let undocumented = served.subtracting(documented)
        let unserved = documented.subtracting(served)
        #expect(undocumented.isEmpty, "routes missing from openapi.yaml: \(Self.list(undocumented))")
        #expect(unserved.isEmpty, "operations in openapi.yaml that the router does not serve: \(Self.list(unserved))")
    }

    @Test("GET /openapi.yaml serves the file in Sources/SidecarHTTP/Resources")
    func servedDocumentIsTheFile() async throws {
        let h = try await HTTPHarness()
        defer { h.core.remove() }

        let file = try Self.documentText()
        #expect(file.hasPrefix("openapi: 3.1.0"))
        #expect(OpenAPIDocument.text == file, "OpenAPIDocument.text differs from the file: \(Self.firstDifference(OpenAPIDocument.text, file))")

        try await h.app.test(.router) { client in
            try await client.execute(uri: "/openapi.yaml", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/yaml")
                let body = String(decoding: response.body.readableBytesView, as: UTF8.self)
                #expect(body == file, "GET /openapi.yaml differs from the file: \(Self.firstDifference(body, file))")
            }
        }
    }
}
