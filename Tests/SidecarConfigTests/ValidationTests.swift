import Testing

@testable import SidecarConfig

@Suite("Invalid values are refused with the key and where they came from")
struct ValidationTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var arguments: [String] = []
        var env: [String: String] = [:]
        var message: String
        var testDescription: String { message }
    }

    static let cases: [Case] = [
        Case(arguments: ["--port", "70000"],
             message: "http.port: 70000 is not a valid port, expected 1...65535 (from flag --port)"),
        Case(env: ["SIDECAR_HTTP_PORT": "0"],
             message: "http.port: 0 is not a valid port, expected 1...65535 (from environment SIDECAR_HTTP_PORT)"),
        Case(env: ["SIDECAR_HTTP_PORT": "abc"],
             message: "http.port: 'abc' is not a whole number (from environment SIDECAR_HTTP_PORT)"),
        Case(arguments: ["--host", ""], message: "http.host: must not be empty (from flag --host)"),
        Case(arguments: ["--data-dir", ""], message: "storage.data-dir: must not be empty (from flag --data-dir)"),
        Case(env: ["SIDECAR_STORAGE_SQLITE_SYNCHRONOUS": "off"],
             message: "storage.sqlite-synchronous: 'off' is not one of normal|full"
                + " (from environment SIDECAR_STORAGE_SQLITE_SYNCHRONOUS)"),
        Case(arguments: ["--srs-api", "localhost:1985"],
             message: "srs.api: 'localhost:1985' is not a valid http:// or https:// URL (from flag --srs-api)"),
        Case(arguments: ["--hls-base", "rtmp://127.0.0.1"],
             message: "srs.hls-base: 'rtmp://127.0.0.1' is not a valid http:// or https:// URL (from flag --hls-base)"),
        Case(arguments: ["--rtmp-base", "http://127.0.0.1/live"],
             message: "srs.rtmp-base: 'http://127.0.0.1/live' is not a valid rtmp:// or rtmps:// URL"
                + " (from flag --rtmp-base)"),
        Case(arguments: ["--app", "a/b"], message: "srs.app: 'a/b' is not a valid SRS app name (from flag --app)"),
        Case(arguments: ["--media-server", "wowza"],
             message: "media.server: 'wowza' is not one of srs|nginx-rtmp (from flag --media-server)"),
        Case(env: ["SIDECAR_NGINX_STAT": "127.0.0.1:8080/stat"],
             message: "nginx.stat: '127.0.0.1:8080/stat' is not a valid http:// or https:// URL (from environment SIDECAR_NGINX_STAT)"),
        Case(arguments: ["--hook-allow", "10.0.0.0/33"],
             message: "hooks.allow: '10.0.0.0/33' is not a valid CIDR block (like 10.0.0.0/8 or ::1/128)"
                + " (from flag --hook-allow)"),
        Case(env: ["SIDECAR_HOOKS_ALLOW": "127.0.0.1/32,10.0.0.0/"],
             message: "hooks.allow: '10.0.0.0/' is not a valid CIDR block (like 10.0.0.0/8 or ::1/128)"
                + " (from environment SIDECAR_HOOKS_ALLOW)"),
        Case(arguments: ["--hook-allow", "::1/129"],
             message: "hooks.allow: '::1/129' is not a valid CIDR block (like 10.0.0.0/8 or ::1/128)"
                + " (from flag --hook-allow)"),
        Case(arguments: ["--hook-allow", "10.0.0.256"],
             message: "hooks.allow: '10.0.0.256' is not a valid CIDR block (like 10.0.0.0/8 or ::1/128)"
                + " (from flag --hook-allow)"),
        Case(arguments: ["--hook-allow", "example.com/8"],
             message: "hooks.allow: 'example.com/8' is not a valid CIDR block (like 10.0.0.0/8 or ::1/128)"
                + " (from flag --hook-allow)"),
        Case(arguments: ["--log-level", "loud"],
             message: "log.level: 'loud' is not one of trace|debug|info|notice|warning|error|critical"
                + " (from flag --log-level)"),
        Case(arguments: ["--log-format", "xml"], message: "log.format: 'xml' is not one of text|json (from flag --log-format)"),
        Case(env: ["SIDECAR_READINESS_ATTEMPTS": "0"],
             message: "readiness.attempts: 0 is not a valid count, expected 1 or more"
                + " (from environment SIDECAR_READINESS_ATTEMPTS)"),
        Case(env: ["SIDECAR_READINESS_INTERVAL": "-1"],
             message: "readiness.interval: -1 is not a valid duration, expected seconds >= 0"
                + " (from environment SIDECAR_READINESS_INTERVAL)"),
        Case(env: ["SIDECAR_READINESS_RECHECK_INTERVAL": "-0.5"],
             message: "readiness.recheck-interval: -0.5 is not a valid duration, expected seconds >= 0"
                + " (from environment SIDECAR_READINESS_RECHECK_INTERVAL)"),
        Case(env: ["SIDECAR_VIEWERS_FLUSH_INTERVAL": "soon"],
             message: "viewers.flush-interval: 'soon' is not a number (from environment SIDECAR_VIEWERS_FLUSH_INTERVAL)"),
        Case(env: ["SIDECAR_SHUTDOWN_GRACE": "-10"],
             message: "shutdown.grace: -10 is not a valid duration, expected seconds >= 0"
                + " (from environment SIDECAR_SHUTDOWN_GRACE)"),
        Case(arguments: ["--webhook-url", "ftp://x.example"],
             message: "webhooks.urls: 'ftp://x.example' is not a valid http:// or https:// URL (from flag --webhook-url)"),
        Case(env: ["SIDECAR_RECONCILE_INTERVAL": "-1"],
             message: "reconcile.interval: -1 is not a valid duration, expected seconds >= 0"
                + " (from environment SIDECAR_RECONCILE_INTERVAL)"),
        Case(env: ["SIDECAR_RECONCILE_RECONNECT_WINDOW": "nan"],
             message: "reconcile.reconnect-window: nan is not a valid duration, expected seconds >= 0"
                + " (from environment SIDECAR_RECONCILE_RECONNECT_WINDOW)"),
        Case(arguments: ["--reconnect-window=-2"],
             message: "reconcile.reconnect-window: -2 is not a valid duration, expected seconds >= 0 (from flag --reconnect-window)"),
        Case(arguments: ["--recordings-root", "data/dvr"],
             message: "recordings.roots: 'data/dvr' is not an absolute path without '..' (from flag --recordings-root)"),
        Case(env: ["SIDECAR_RECORDINGS_ROOTS": "/srv/dvr/../etc"],
             message: "recordings.roots: '/srv/dvr/../etc' is not an absolute path without '..' (from environment SIDECAR_RECORDINGS_ROOTS)"),
        Case(arguments: ["--retention-rule", "global max-age=forever"],
             message: "recordings.retention: 'global max-age=forever': max-age 'forever' is not a duration such as 3600, 12h, 30d or 8w"
                + " (from flag --retention-rule)"),
        Case(arguments: ["--retention-rule", "house max-age=1d"],
             message: "recordings.retention: 'house max-age=1d': the scope 'house' is not global, app:<app> or room:<room id>"
                + " (from flag --retention-rule)"),
        Case(arguments: ["--retention-rule", "room:../x keep-min=1"],
             message: "recordings.retention: 'room:../x keep-min=1': '../x' is not a valid room name (from flag --retention-rule)"),
        Case(arguments: ["--retention-rule", "app:live"],
             message: "recordings.retention: 'app:live': no limit (max-age=, max-bytes= or keep-min=) (from flag --retention-rule)"),
        Case(arguments: ["--retention-rule", "global max-bytes=-5G"],
             message: "recordings.retention: 'global max-bytes=-5G': max-bytes '-5G' is not a size such as 500M, 20G or 2T"
                + " (from flag --retention-rule)"),
        Case(arguments: ["--retention-rule", "global keep-min=1 speed=9"],
             message: "recordings.retention: 'global keep-min=1 speed=9': unknown limit 'speed' (max-age, max-bytes, keep-min)"
                + " (from flag --retention-rule)"),
        Case(env: ["SIDECAR_RECORDINGS_RETENTION": "room:r1 max-age=1d,room:r1 keep-min=2"],
             message: "recordings.retention: 'room:r1 keep-min=2': room:r1 has more than one rule"
                + " (from environment SIDECAR_RECORDINGS_RETENTION)"),
        Case(arguments: ["--retention-interval=-1"],
             message: "recordings.retention-interval: -1 is not a valid duration, expected seconds >= 0 (from flag --retention-interval)"),
        Case(env: ["SIDECAR_RECORDINGS_REMUX_MP4": "a/b"],
             message: "recordings.remux-mp4: 'a/b' is not a valid app name (from environment SIDECAR_RECORDINGS_REMUX_MP4)"),
        Case(env: ["SIDECAR_CONNECTIONS_PENDING_TIMEOUT": "0"],
             message: "connections.pending-timeout: 0 is not a valid timeout, expected seconds > 0"
                + " (from environment SIDECAR_CONNECTIONS_PENDING_TIMEOUT)"),
        Case(env: ["SIDECAR_CONNECTIONS_GRACE": "-1"],
             message: "connections.grace: -1 is not a valid duration, expected seconds >= 0 (from environment SIDECAR_CONNECTIONS_GRACE)"),
        Case(env: ["SIDECAR_CONNECTIONS_LAYOUT": "grid"],
             message: "connections.layout: 'grid' is not one of side-by-side|pip (from environment SIDECAR_CONNECTIONS_LAYOUT)"),
        Case(env: ["SIDECAR_CONNECTIONS_SIZE": "641x360"],
             message: "connections.size: '641x360' is not <width>x<height> with even numbers from 64 to 4096 (like 1280x720)"
                + " (from environment SIDECAR_CONNECTIONS_SIZE)"),
        Case(env: ["SIDECAR_CONNECTIONS_SIZE": "hd"],
             message: "connections.size: 'hd' is not <width>x<height> with even numbers from 64 to 4096 (like 1280x720)"
                + " (from environment SIDECAR_CONNECTIONS_SIZE)"),
        Case(env: ["SIDECAR_CONNECTIONS_SOURCE_BASE": "http://127.0.0.1/live"],
             message: "connections.source-base: 'http://127.0.0.1/live' is not a valid rtmp:// or rtmps:// URL"
                + " (from environment SIDECAR_CONNECTIONS_SOURCE_BASE)"),
        Case(arguments: ["--config", "/nonexistent/sidecar.yaml"],
             message: "config file '/nonexistent/sidecar.yaml' does not exist (from flag --config)"),
        Case(env: ["SIDECAR_CONFIG": "/nonexistent/sidecar.yaml"],
             message: "config file '/nonexistent/sidecar.yaml' does not exist (from environment SIDECAR_CONFIG)"),
    ]

    @Test(arguments: cases)
    func refused(_ testCase: Case) async throws {
        let error = try await loadError(testCase.arguments, env: testCase.env)
        #expect(error.description == testCase.message)
    }

    @Test func retentionRulesParse() throws {
        let rule = try RetentionRuleSetting.parse("room:r1  max-age=12h max-bytes=1.5G keep-min=3")
        #expect(rule.scope == .room("r1") && rule.maxAge == 43_200 && rule.maxBytes == 1_610_612_736 && rule.keepMin == 3)
        #expect(try RetentionRuleSetting.parse("global max-age=90").maxAge == 90)
        #expect(try RetentionRuleSetting.parse("app:live max-bytes=500m").maxBytes == 500 * 1_048_576)
        #expect(try RetentionRuleSetting.parse("global max-age=2w").maxAge == 1_209_600)
        #expect(throws: RetentionRuleSetting.ParseError.self) { try RetentionRuleSetting.parse("global max-age=1d max-age=2d") }
        #expect(throws: RetentionRuleSetting.ParseError.self) { try RetentionRuleSetting.parse("") }
    }

    @Test func badValueInFileNamesTheFile() async throws {
        let path = try temporaryYAML("http:\n  port: eighty\nshutdown: {grace: -5}\n")
        defer { removeTemporary(path) }
        let error = try await loadError(["--config", path])
        #expect(error.description == "http.port: 'eighty' is not a whole number (from config file \(path))")
        #expect(error.key == "http.port" && error.source == .file(path))
    }

    @Test func negativeDurationInFile() async throws {
        let path = try temporaryYAML("shutdown: {grace: -5}\n")
        defer { removeTemporary(path) }
        let error = try await loadError(["--config", path])
        #expect(error.description
            == "shutdown.grace: -5 is not a valid duration, expected seconds >= 0 (from config file \(path))")
    }

    @Test func unknownKeyInFile() async throws {
        let path = try temporaryYAML("http:\n  port: 8085\nstorage:\n  data_dir: /x\n")
        defer { removeTemporary(path) }
        let error = try await loadError(["--config", path])
        #expect(error.description == "storage.data_dir: unknown key (line 4) (from config file \(path))")
    }

    @Test(arguments: ["api: {token: ~}\n", "api:\n  token: null\n"])
    func yamlNullIsRefused(_ yaml: String) async throws {
        let path = try temporaryYAML(yaml)
        defer { removeTemporary(path) }
        let error = try await loadError(["--config", path])
        #expect(error.key == "api.token")
        #expect(error.message.contains("null is not supported"))
    }

    @Test func bareKeyInFileIsUnset() async throws {
        let path = try temporaryYAML("api:\n  token:\n")
        defer { removeTemporary(path) }
        #expect(try await load(["--config", path]).apiToken == nil)
    }

    @Test(arguments: ["http: [port", "- a\n- b\n"])
    func malformedFile(_ yaml: String) async throws {
        let path = try temporaryYAML(yaml)
        defer { removeTemporary(path) }
        let error = try await loadError(["--config", path])
        #expect(error.key == nil)
        #expect(error.description.hasPrefix("config file '\(path)' "))
        #expect(error.source == .flag("--config"))
    }

    @Test func wrongTypeOfSecretIsNotEchoed() async throws {
        let path = try temporaryYAML("api:\n  token: [hunter2]\n")
        defer { removeTemporary(path) }
        let error = try await loadError(["--config", path])
        #expect(error.description == "api.token: expected a string (from config file \(path))")
    }

    @Test func validateWorksOnSettingsBuiltInCode() throws {
        try SidecarSettings().validate()
        #expect(throws: SettingsError(key: "http.port", message: "-1 is not a valid port, expected 1...65535")) {
            try SidecarSettings(port: -1).validate()
        }
    }
}
