import Foundation
import TestFixtures
import Testing

/// `stream-sidecar recordings ...` on a store and a recordings root of its own, as an
/// operator would run it beside the daemon.
@Suite("stream-sidecar recordings")
struct RecordingsCLITests {
    struct Setup {
        let folder: String
        var root: String { folder + "/dvr" }
        var common: [String] { ["--data-dir", folder + "/data", "--recordings-root", root] }

        init() throws {
            let base = FileManager.default.temporaryDirectory.appendingPathComponent("recordings-cli-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: base + "/dvr/live", withIntermediateDirectories: true)
            folder = URL(fileURLWithPath: base).resolvingSymlinksInPath().path
        }

        func place(_ fixture: String, as name: String) throws {
            let path = root + "/live/" + name
            try FileManager.default.copyItem(atPath: Fixtures.path(fixture), toPath: path)
            try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-7200)], ofItemAtPath: path)
        }

        func run(_ arguments: [String]) async throws -> CLIRunner.Result {
            try await CLIRunner.run(["recordings"] + arguments + common)
        }

        func remove() { try? FileManager.default.removeItem(atPath: folder) }
    }

    @Test("scan adopts, list/show/verify report, delete and prune have dry runs, repair saves a leftover")
    func operatorSession() async throws {
        let s = try Setup()
        defer { s.remove() }
        try s.place("recordings/sample.flv", as: "room1.1795374821255.flv")
        try s.place("recordings/cut-noindex.mp4", as: "room1.1795374899999.mp4")
        let flv = Fixtures.bytes("recordings/sample.flv")
        let tmp = s.root + "/live/room9.1795375000000.flv.tmp"
        try Data(flv.prefix(40_000)).write(to: URL(fileURLWithPath: tmp))
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-7200)], ofItemAtPath: tmp)

        let dryScan = try await s.run(["scan", "--dry-run", "--json"])
        #expect(dryScan.status == 0, "\(dryScan.stderr)")
        #expect((try dryScan.json()["orphans"] as? [Any])?.count == 2)

        let scan = try await s.run(["scan", "--json"])
        #expect(scan.status == 0, "\(scan.stderr)")
        let scanned = try scan.json()
        #expect((scanned["orphans"] as? [Any])?.count == 2)
        let leftovers = try #require(scanned["leftovers"] as? [[String: Any]])
        #expect(Set(leftovers.compactMap { $0["kind"] as? String }) == ["temporary", "mp4WithoutIndex"])

        let list = try await s.run(["list", "--json"])
        #expect(list.status == 0, "\(list.stderr)")
        let rows = try #require(try list.json()["recordings"] as? [[String: Any]])
        #expect(rows.compactMap { $0["file"] as? String } == ["live/room1.1795374899999.mp4", "live/room1.1795374821255.flv"])
        let ready = try #require(rows.first { $0["status"] as? String == "ready" }?["id"] as? String)
        let corrupt = try #require(rows.first { $0["status"] as? String == "corrupt" }?["id"] as? String)

        let table = try await s.run(["list", "--status", "ready"])
        #expect(table.status == 0)
        #expect(table.stdout.hasPrefix("ID "))
        #expect(table.stdout.contains("live/room1.1795374821255.flv") && !table.stdout.contains(".mp4"))

        let show = try await s.run(["show", ready])
        #expect(show.stdout.contains("status") && show.stdout.contains("h264 320x180"), "\(show.stdout)")

        let verify = try await s.run(["verify"])
        #expect(verify.status == 1, "a corrupt recording fails the check")
        #expect(verify.stdout.contains("1 ready, 1 corrupt, 0 missing"), "\(verify.stdout)")

        let wouldDelete = try await s.run(["delete", corrupt, "--dry-run"])
        #expect(wouldDelete.status == 0 && wouldDelete.stdout.contains("would delete"))
        #expect(FileManager.default.fileExists(atPath: s.root + "/live/room1.1795374899999.mp4"))

        let prune = try await s.run(["prune", "--dry-run", "--json", "--retention-rule", "global max-age=1h"])
        #expect(prune.status == 0, "\(prune.stderr)")
        let plan = try prune.json()
        #expect(plan["dryRun"] as? Bool == true && (plan["deleted"] as? [Any])?.count == 2)
        #expect(try await s.run(["list", "--json"]).json()["recordings"] as? [Any] != nil)

        let noRules = try await s.run(["prune"])
        #expect(noRules.status != 0 && noRules.stderr.contains("no retention rule"))

        let repair = try await s.run(["repair", "live/room9.1795375000000.flv.tmp", "--json"])
        #expect(repair.status == 0, "\(repair.stderr)")
        #expect(try repair.json()["output"] as? String == "live/room9.1795375000000.flv")
        #expect(FileManager.default.fileExists(atPath: s.root + "/live/room9.1795375000000.flv"))

        let deleted = try await s.run(["delete", corrupt])
        #expect(deleted.status == 0 && deleted.stdout.contains("deleted"))
        #expect(!FileManager.default.fileExists(atPath: s.root + "/live/room1.1795374899999.mp4"))
        let missing = try await s.run(["delete", corrupt])
        #expect(missing.status == 1 && missing.stdout.contains("no recording"))

        let bad = try await s.run(["list", "--status", "gone"])
        #expect(bad.status != 0 && bad.stderr.contains("--status"))
    }
}
