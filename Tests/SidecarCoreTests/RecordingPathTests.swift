import SidecarCore
import Testing

/// `RecordingPath` against a fake file system: every traversal attempt is refused, with the
/// reason an operator reads in the log.
@Suite("Recording paths")
struct RecordingPathTests {
    /// The fake file system: real paths of the existing files and folders, and symlinks.
    static let links: [String: String] = [
        "/data/dvr": "/data/dvr",
        "/data/dvr/live": "/data/dvr/live",
        "/data/dvr/live/room1.1795374821255.flv": "/data/dvr/live/room1.1795374821255.flv",
        // A root reached through a link: /srv/rec -> /mnt/disk1/rec.
        "/srv/rec": "/mnt/disk1/rec",
        "/mnt/disk1/rec": "/mnt/disk1/rec",
        "/srv/rec/live/a.flv": "/mnt/disk1/rec/live/a.flv",
        "/mnt/disk1/rec/live/a.flv": "/mnt/disk1/rec/live/a.flv",
        "/srv/rec/live": "/mnt/disk1/rec/live",
        // Links inside a root that point out of it.
        "/data/dvr/live/evil.flv": "/etc/passwd",
        "/data/dvr/escape": "/etc",
        "/data/dvr/escape/passwd": "/etc/passwd",
        // A link that stays inside the roots.
        "/data/dvr/live/alias.flv": "/data/dvr/live/room1.1795374821255.flv",
        // A sibling whose name starts like the root.
        "/data/dvr2/x.flv": "/data/dvr2/x.flv",
        "/etc/passwd": "/etc/passwd",
    ]
    static let roots = ["/data/dvr", "/srv/rec"]

    static func resolve(_ file: String, cwd: String? = nil, mustExist: Bool = true) throws(RecordingPathError) -> RecordingLocation {
        try RecordingPath.resolve(file: file, cwd: cwd, roots: roots, mustExist: mustExist) { links[$0] }
    }

    struct Accepted: Sendable, CustomTestStringConvertible {
        var file: String
        var cwd: String?
        var path: String
        var root: String
        var testDescription: String { "\(cwd.map { $0 + " + " } ?? "")\(file)" }
    }

    @Test(arguments: [
        Accepted(file: "/data/dvr/live/room1.1795374821255.flv", path: "/data/dvr/live/room1.1795374821255.flv", root: "/data/dvr"),
        // SRS's relative dvr_path: cwd + ./objs/... style.
        Accepted(file: "./dvr/live/room1.1795374821255.flv", cwd: "/data", path: "/data/dvr/live/room1.1795374821255.flv", root: "/data/dvr"),
        Accepted(file: "live/room1.1795374821255.flv", cwd: "/data/dvr/", path: "/data/dvr/live/room1.1795374821255.flv", root: "/data/dvr"),
        Accepted(file: "/data//dvr/./live/room1.1795374821255.flv", path: "/data/dvr/live/room1.1795374821255.flv", root: "/data/dvr"),
        // cwd is ignored for an absolute file, as SRS does.
        Accepted(file: "/data/dvr/live/room1.1795374821255.flv", cwd: "/elsewhere", path: "/data/dvr/live/room1.1795374821255.flv", root: "/data/dvr"),
        // Through the root's own link, and by its real path.
        Accepted(file: "/srv/rec/live/a.flv", path: "/mnt/disk1/rec/live/a.flv", root: "/mnt/disk1/rec"),
        Accepted(file: "/mnt/disk1/rec/live/a.flv", path: "/mnt/disk1/rec/live/a.flv", root: "/mnt/disk1/rec"),
        // A link that stays inside: the real file is what gets indexed.
        Accepted(file: "/data/dvr/live/alias.flv", path: "/data/dvr/live/room1.1795374821255.flv", root: "/data/dvr"),
    ])
    func accepted(_ case: Accepted) throws {
        let location = try Self.resolve(`case`.file, cwd: `case`.cwd)
        #expect(location.path == `case`.path)
        #expect(location.root == `case`.root)
    }

    struct Refused: Sendable, CustomTestStringConvertible {
        var file: String
        var cwd: String?
        var code: RecordingPathError.Code
        var testDescription: String { "\(cwd.map { $0 + " + " } ?? "")\(file) → \(code)" }
    }

    @Test(arguments: [
        // `..`, anywhere, even when it would come back inside.
        Refused(file: "/data/dvr/../../etc/passwd", code: .parentReference),
        Refused(file: "/data/dvr/live/../live/room1.1795374821255.flv", code: .parentReference),
        Refused(file: "../../etc/passwd", cwd: "/data/dvr", code: .parentReference),
        Refused(file: "live/x.flv", cwd: "/data/dvr/..", code: .parentReference),
        Refused(file: "..", cwd: "/data/dvr", code: .parentReference),
        // Absolute paths elsewhere.
        Refused(file: "/etc/passwd", code: .outsideRoots),
        Refused(file: "/etc/passwd", cwd: "/data/dvr", code: .outsideRoots),
        Refused(file: "/data/dvr2/x.flv", code: .outsideRoots),
        Refused(file: "/data", code: .outsideRoots),
        Refused(file: "/", code: .outsideRoots),
        Refused(file: "x.flv", cwd: "/tmp", code: .outsideRoots),
        // Symlinks out of the roots.
        Refused(file: "/data/dvr/live/evil.flv", code: .symlinkEscape),
        Refused(file: "/data/dvr/escape/passwd", code: .symlinkEscape),
        Refused(file: "escape/passwd", cwd: "/data/dvr", code: .symlinkEscape),
        // Malformed.
        Refused(file: "", code: .empty),
        Refused(file: "/data/dvr/live/a\u{0}.flv", code: .invalid),
        Refused(file: "/data/dvr/" + String(repeating: "a", count: 5000), code: .invalid),
        Refused(file: "live/x.flv", code: .relativeWithoutBase),
        Refused(file: "live/x.flv", cwd: "relative/cwd", code: .relativeWithoutBase),
        Refused(file: "/data/dvr", code: .invalid),
        // Inside, but not there.
        Refused(file: "/data/dvr/live/nope.flv", code: .notFound),
    ])
    func refused(_ case: Refused) {
        #expect(throws: RecordingPathError.self) { try Self.resolve(`case`.file, cwd: `case`.cwd) }
        do {
            _ = try Self.resolve(`case`.file, cwd: `case`.cwd)
        } catch {
            #expect(error.code == `case`.code, "\(error.message)")
            #expect(!error.message.isEmpty)
        }
    }

    @Test func missingFileIsAcceptedWhenAllowedButNotOutsideTheRoots() throws {
        let location = try Self.resolve("/data/dvr/live/gone.flv", mustExist: false)
        #expect(location.path == "/data/dvr/live/gone.flv" && location.root == "/data/dvr")
        #expect(throws: RecordingPathError.self) { try Self.resolve("/data/dvr/escape/gone", mustExist: false) }
        #expect(throws: RecordingPathError.self) { try Self.resolve("/etc/gone", mustExist: false) }
    }

    @Test func noRootsRefusesEverything() {
        do {
            _ = try RecordingPath.resolve(file: "/data/dvr/live/room1.1795374821255.flv", cwd: nil, roots: []) { Self.links[$0] }
            Issue.record("accepted without roots")
        } catch {
            #expect(error.code == .noRoots)
        }
        do {
            _ = try RecordingPath.resolve(file: "/x/a.flv", cwd: nil, roots: ["/does/not/exist"]) { Self.links[$0] }
            Issue.record("accepted with a missing root")
        } catch {
            #expect(error.code == .noRoots)
        }
    }

    @Test func relativePathBelowTheRoot() throws {
        let location = try Self.resolve("/srv/rec/live/a.flv")
        #expect(location.relativePath == "live/a.flv")
    }

    @Test(arguments: [
        ("room1.1795374821255.flv", "room1", 1_795_374_821.255, "flv", false),
        ("room1.1795374821255.flv.tmp", "room1", 1_795_374_821.255, "flv", true),
        ("a3k9v2q7m4x8p1z6c5b2.1795374877671.mp4", "a3k9v2q7m4x8p1z6c5b2", 1_795_374_877.671, "mp4", false),
        ("stream-1700000000.flv", "stream", 1_700_000_000, "flv", false),
        ("plain.flv", "plain", nil, "flv", false),
        ("v1.2.flv", "v1.2", nil, "flv", false),
    ] as [(String, String, Double?, String, Bool)])
    func fileNames(_ name: String, _ stream: String, _ started: Double?, _ ext: String, _ temporary: Bool) throws {
        let parsed = try #require(RecordingName(fileName: name))
        #expect(parsed.stream == stream)
        #expect(parsed.startedAt?.timeIntervalSince1970 == started)
        #expect(parsed.fileExtension == ext)
        #expect(parsed.isTemporary == temporary)
    }
}
