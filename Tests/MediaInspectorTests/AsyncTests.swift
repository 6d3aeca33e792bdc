import MediaInspector
import TestFixtures
import Testing

@Suite struct AsyncTests {
    let inspector = MediaInspector()

    @Test func asyncVariantsMatchTheSynchronousOnes() async throws {
        let bytes = Fixtures.bytes("hls/live/seg-2.ts")
        #expect(try await inspector.inspectAsync(bytes: bytes) == inspector.inspect(bytes: bytes))
        let path = Fixtures.path("recordings/sample.flv")
        #expect(try await inspector.inspectAsync(path: path) == inspector.inspect(path: path))
        let initSection = Fixtures.bytes("hls/fmp4/init.mp4")
        let fragment = Fixtures.bytes("hls/fmp4/seg-2.m4s")
        #expect(
            try await inspector.inspectAsync(initSection: initSection, fragment: fragment)
                == inspector.inspect(initSection: initSection, fragment: fragment))
    }

    @Test func asyncErrorsAreTyped() async {
        do {
            _ = try await inspector.inspectAsync(path: "/nonexistent.ts")
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .unreadable)  // `error` is an InspectError: typed throws
        }
    }

    @Test func manyInspectionsAtOnce() async throws {
        let paths = MediaFixture.all.map(\.path)
        let inspector = inspector
        let results = try await withThrowingTaskGroup(of: (String, MediaInfo).self) { group in
            for path in paths + paths {
                group.addTask { (path, try await inspector.inspectAsync(bytes: Fixtures.bytes(path))) }
            }
            return try await group.reduce(into: [(String, MediaInfo)]()) { $0.append($1) }
        }
        #expect(results.count == paths.count * 2)
        for (path, info) in results {
            #expect(info == (try inspector.inspect(path: Fixtures.path(path))))
        }
    }
}
