import Foundation
import Testing

/// What the end-to-end suite needs from the machine, and where things are.
///
/// On a laptop without nginx's RTMP module or ffmpeg the suite is skipped; under `CI=true` a
/// missing tool fails every test instead, with the command that installs it.
enum E2ETools {
    /// The repository root, from this file's place in it.
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // EndToEndTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    /// `stream-sidecar`, next to the test bundle in SwiftPM's build folder.
    static var daemonBinary: URL {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("stream-sidecar")
    }

    static let isCI = ProcessInfo.processInfo.environment["CI"] == "true"

    /// Whether the suite runs: the tools are here, or CI requires them.
    static var shouldRun: Bool { isCI || missing.isEmpty }

    /// Throws (fails the test) when a tool is missing; only reached under `CI=true`.
    static func requireTools() throws {
        guard missing.isEmpty else {
            throw E2EError(
                "CI=true and the end-to-end suite cannot run: missing \(missing.joined(separator: ", ")). "
                    + "scripts/setup.sh --test installs them (nginx, libnginx-mod-rtmp, ffmpeg).")
        }
    }

    static let missing: [String] = {
        var missing: [String] = []
        if executable("nginx", extra: ["/usr/sbin/nginx"]) == nil { missing.append("nginx") }
        if !hasRTMPModule { missing.append("nginx's RTMP module (libnginx-mod-rtmp)") }
        if executable("ffmpeg") == nil { missing.append("ffmpeg") }
        return missing
    }()

    static var ffmpeg: URL { executable("ffmpeg") ?? URL(fileURLWithPath: "/usr/bin/ffmpeg") }

    /// The places scripts/nginx-rtmp.sh looks for the dynamic module (or NGINX_RTMP_MODULE).
    /// An nginx with the module built in is not detected here; set NGINX_RTMP_MODULE to any
    /// existing file to run the suite with one.
    private static var hasRTMPModule: Bool {
        var candidates = [
            "/usr/lib/nginx/modules/ngx_rtmp_module.so", "/usr/lib64/nginx/modules/ngx_rtmp_module.so",
            "/usr/local/nginx/modules/ngx_rtmp_module.so", "/etc/nginx/modules/ngx_rtmp_module.so",
        ]
        if let configured = ProcessInfo.processInfo.environment["NGINX_RTMP_MODULE"] { candidates = [configured] }
        return candidates.contains { FileManager.default.fileExists(atPath: $0) }
    }

    private static func executable(_ name: String, extra: [String] = []) -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let candidates = path.split(separator: ":").map { "\($0)/\(name)" } + extra
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }.map(URL.init(fileURLWithPath:))
    }
}
