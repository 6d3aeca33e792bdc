import Foundation
import Testing

@testable import SidecarConfig

@Suite("Layering: flags > environment > file > defaults")
struct LayeringTests {
    @Test func defaultsWhenNothingIsSet() async throws {
        let settings = try await load()
        #expect(settings == SidecarSettings())
        #expect(settings.host == "127.0.0.1")
        #expect(settings.port == 8085)
        #expect(settings.database == "./data/sidecar.sqlite")
        #expect(settings.hookAllow == ["127.0.0.1/32", "::1/128"])
        #expect(settings.apiToken == nil && settings.tokenSecret == nil && settings.nodeId == nil)
    }

    @Test func fileOnly() async throws {
        let path = try temporaryYAML(
            """
            http: {host: 0.0.0.0, port: 9000}
            storage:
              data-dir: /var/lib/sidecar
            hooks:
              allow: [10.0.0.0/8]
            readiness: {attempts: 5, interval: 1.5}
            log: {level: DEBUG}
            """)
        defer { removeTemporary(path) }
        let settings = try await load(["--config", path])
        var expected = SidecarSettings(dataDir: "/var/lib/sidecar")
        expected.host = "0.0.0.0"
        expected.port = 9000
        expected.hookAllow = ["10.0.0.0/8"]
        expected.readinessAttempts = 5
        expected.readinessInterval = 1.5
        expected.logLevel = "debug"
        #expect(settings == expected)
        #expect(settings.database == "/var/lib/sidecar/sidecar.sqlite")
    }

    @Test func environmentOverridesFile() async throws {
        let path = try temporaryYAML("http:\n  port: 9000\n  host: 0.0.0.0\n")
        defer { removeTemporary(path) }
        let settings = try await load(env: ["SIDECAR_CONFIG": path, "SIDECAR_HTTP_PORT": "9100"])
        #expect(settings.port == 9100)
        #expect(settings.host == "0.0.0.0")
    }

    @Test func flagOverridesEnvironment() async throws {
        let path = try temporaryYAML("http: {port: 9000}\nsrs: {app: fromfile}\n")
        defer { removeTemporary(path) }
        let settings = try await load(
            ["--config", path, "--port", "9200", "--app", "fromflag"],
            env: ["SIDECAR_HTTP_PORT": "9100", "SIDECAR_SRS_APP": "fromenv", "SIDECAR_LOG_LEVEL": "warning"])
        #expect(settings.port == 9200)
        #expect(settings.app == "fromflag")
        #expect(settings.logLevel == "warning")
    }

    @Test func configFlagWinsOverConfigVariable() async throws {
        let flagFile = try temporaryYAML("srs: {app: flagfile}\n")
        defer { removeTemporary(flagFile) }
        let settings = try await load(["--config", flagFile], env: ["SIDECAR_CONFIG": "/nonexistent.yaml"])
        #expect(settings.app == "flagfile")
    }

    @Test func listsFromEnvironmentAreCommaSeparated() async throws {
        let settings = try await load(env: [
            "SIDECAR_HOOKS_ALLOW": "127.0.0.1/32, 10.0.0.0/8, 192.168.1.7",
            "SIDECAR_WEBHOOKS_URLS": "https://a.example/hook,https://b.example/hook",
            "SIDECAR_RECORDINGS_ROOTS": "/srv/rec",
        ])
        #expect(settings.hookAllow == ["127.0.0.1/32", "10.0.0.0/8", "192.168.1.7"])
        #expect(settings.webhookURLs == ["https://a.example/hook", "https://b.example/hook"])
        #expect(settings.recordingsRoots == ["/srv/rec"])
    }

    @Test func listsFromRepeatableFlagsReplaceLowerLayers() async throws {
        let settings = try await load(
            ["--hook-allow", "10.0.0.0/8", "--hook-allow", "192.168.0.0/16,fd00::/8",
             "--webhook-url", "http://x.example/a", "--recordings-root", "/a", "--recordings-root", "/b"],
            env: ["SIDECAR_HOOKS_ALLOW": "172.16.0.0/12"])
        #expect(settings.hookAllow == ["10.0.0.0/8", "192.168.0.0/16", "fd00::/8"])
        #expect(settings.webhookURLs == ["http://x.example/a"])
        #expect(settings.recordingsRoots == ["/a", "/b"])
    }

    @Test func reconcileDurationsFromFlags() async throws {
        let settings = try await load(
            ["--reconcile-interval", "60", "--reconnect-window", "0.5"],
            env: ["SIDECAR_RECONCILE_INTERVAL": "30", "SIDECAR_RECONCILE_RECONNECT_WINDOW": "20"])
        #expect(settings.reconcileInterval == 60 && settings.reconnectWindow == 0.5)
        let off = try await load(["--reconcile-interval", "0", "--reconnect-window", "0"])
        #expect(off.reconcileInterval == 0 && off.reconnectWindow == 0)
    }

    @Test func emptyEnvironmentListMeansEmpty() async throws {
        let settings = try await load(env: ["SIDECAR_HOOKS_ALLOW": ""])
        #expect(settings.hookAllow == [])
    }

    @Test func emptyStringUnsetsAnOptionalFromALowerLayer() async throws {
        let path = try temporaryYAML("tokens: {secret: filesecret}\nstorage: {database: /x.sqlite}\n")
        defer { removeTemporary(path) }
        let fromFile = try await load(["--config", path])
        #expect(fromFile.tokenSecret == "filesecret")
        let cleared = try await load(
            ["--config", path], env: ["SIDECAR_TOKENS_SECRET": "", "SIDECAR_STORAGE_DATABASE": ""])
        #expect(cleared.tokenSecret == nil)
        #expect(cleared.database == "./data/sidecar.sqlite")
    }

    @Test func databaseFollowsDataDirUnlessSet() async throws {
        #expect(try await load(["--data-dir", "/srv/s/"]).database == "/srv/s/sidecar.sqlite")
        let postgres = try await load(["--database", "postgres://u:p@db/sidecar"])
        #expect(postgres.database == "postgres://u:p@db/sidecar")
        #expect(postgres.usesPostgres)
    }

    @Test func emptyConfigFileIsAllowed() async throws {
        let path = try temporaryYAML("# nothing set yet\n")
        defer { removeTemporary(path) }
        #expect(try await load(["--config", path]) == SidecarSettings())
    }

    /// Every key can be set through the environment variable the catalogue names, which pins
    /// `SettingKey.environmentVariable` to swift-configuration's own key encoding.
    @Test(arguments: SettingKey.all)
    func everyKeyIsReachableFromTheEnvironment(key: SettingKey) async throws {
        let sample = Self.samples[key.name]
        let value = try #require(sample, "no sample value for \(key.name)")
        let settings = try await load(env: [key.environmentVariable: value.text])
        let field = settings.fields.first { $0.0 == key }?.1
        #expect(field == value.shown)
        #expect(settings != SidecarSettings())
    }

    /// A non-default value per key, as set in the environment and as `fields` prints it.
    static let samples: [String: (text: String, shown: String)] = [
        "http.host": ("0.0.0.0", "0.0.0.0"), "http.port": ("1", "1"), "http.executor": ("EVENT-LOOP", "event-loop"),
        "storage.data-dir": ("/d", "/d"), "storage.database": ("/db.sqlite", "/db.sqlite"),
        "storage.sqlite-synchronous": ("full", "full"), "api.token": ("t", "t"),
        "srs.api": ("http://srs:1985", "http://srs:1985"), "srs.hls-base": ("https://cdn", "https://cdn"),
        "srs.rtmp-base": ("rtmp://srs/app2", "rtmp://srs/app2"), "srs.app": ("app2", "app2"),
        "media.server": ("NGINX-RTMP", "nginx-rtmp"), "nginx.control": ("http://n:81/control", "http://n:81/control"),
        "nginx.stat": ("http://n:81/stat", "http://n:81/stat"),
        "tokens.secret": ("s", "s"), "hooks.allow": ("10.0.0.0/8", "[10.0.0.0/8]"),
        "hooks.secret": ("h", "h"), "node.id": ("n1", "n1"), "log.level": ("error", "error"),
        "log.format": ("json", "json"), "readiness.attempts": ("7", "7"),
        "readiness.interval": ("0.5", "0.5"), "readiness.recheck-interval": ("4", "4"),
        "viewers.flush-interval": ("0.5", "0.5"), "shutdown.grace": ("30", "30"),
        "webhooks.urls": ("http://w", "[http://w]"), "webhooks.secret": ("whsec_w", "whsec_w"),
        "webhooks.timeout": ("3", "3"), "webhooks.max-age": ("600", "600"),
        "reconcile.interval": ("60", "60"), "reconcile.reconnect-window": ("5", "5"),
        "recordings.roots": ("/r", "[/r]"),
        "recordings.retention": ("global max-age=30d keep-min=1", "[global max-age=30d keep-min=1]"),
        "recordings.retention-interval": ("60", "60"), "recordings.write-guard": ("30", "30"),
        "recordings.remux-mp4": ("live", "[live]"),
        "connections.pending-timeout": ("30", "30"), "connections.grace": ("2.5", "2.5"),
        "connections.layout": ("PIP", "pip"), "connections.size": ("640X360", "640x360"),
        "connections.ffmpeg": ("/usr/local/bin/ffmpeg", "/usr/local/bin/ffmpeg"),
        "connections.source-base": ("rtmp://10.0.0.2:1935/live", "rtmp://10.0.0.2:1935/live"),
    ]
}
