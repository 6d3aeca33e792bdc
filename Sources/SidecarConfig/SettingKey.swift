/// One configuration key and the names it goes by in each layer.
///
/// This catalogue is the single source of truth for the key → environment variable → flag
/// mapping: the loader, the secret marking, the unknown-key check of the config file, the flag
/// help texts and the documentation tests all read it, so they cannot drift apart.
public struct SettingKey: Sendable, Hashable, CustomStringConvertible {
    /// Dotted, lower-case name used in the config file, e.g. `storage.data-dir`.
    public let name: String
    /// The `serve` flag that sets this key, e.g. `--data-dir`; nil for file/env-only keys.
    public let flag: String?
    /// Secret values are marked secret in swift-configuration (redacted in access logs) and
    /// printed as `***` by ``SidecarSettings/redactedDescription``.
    public let isSecret: Bool

    init(_ name: String, flag: String? = nil, secret: Bool = false) {
        self.name = name
        self.flag = flag
        self.isSecret = secret
    }

    /// `SIDECAR_` + the key upper-cased, with `.` and `-` turned into `_`.
    ///
    /// This is exactly what swift-configuration's `EnvironmentVariablesProvider` looks up for
    /// the key `sidecar.<name>` (the loader prefixes keys with `sidecar`), so it is derived, not
    /// stored; a test checks every key can be set this way.
    public var environmentVariable: String {
        let body = name.uppercased().map { $0.isLetter || $0.isNumber ? String($0) : "_" }
        return SettingKey.environmentPrefix + body.joined()
    }

    public var description: String { name }

    /// Prefix shared by every environment variable of the sidecar.
    public static let environmentPrefix = "SIDECAR_"
    /// Environment variable naming the config file when `--config` is not given.
    public static let configFileVariable = "SIDECAR_CONFIG"
}

extension SettingKey {
    public static let httpHost = SettingKey("http.host", flag: "--host")
    public static let httpPort = SettingKey("http.port", flag: "--port")
    public static let httpExecutor = SettingKey("http.executor")
    public static let dataDir = SettingKey("storage.data-dir", flag: "--data-dir")
    // Secret because a PostgreSQL URL may carry a password.
    public static let database = SettingKey("storage.database", flag: "--database", secret: true)
    public static let sqliteSynchronous = SettingKey("storage.sqlite-synchronous")
    public static let apiToken = SettingKey("api.token", flag: "--api-token", secret: true)
    public static let srsAPI = SettingKey("srs.api", flag: "--srs-api")
    public static let hlsBase = SettingKey("srs.hls-base", flag: "--hls-base")
    public static let rtmpBase = SettingKey("srs.rtmp-base", flag: "--rtmp-base")
    public static let app = SettingKey("srs.app", flag: "--app")
    public static let mediaServer = SettingKey("media.server", flag: "--media-server")
    public static let nginxControl = SettingKey("nginx.control", flag: "--nginx-control")
    public static let nginxStat = SettingKey("nginx.stat", flag: "--nginx-stat")
    public static let tokenSecret = SettingKey("tokens.secret", flag: "--token-secret", secret: true)
    public static let hookAllow = SettingKey("hooks.allow", flag: "--hook-allow")
    public static let hookSecret = SettingKey("hooks.secret", flag: "--hook-secret", secret: true)
    public static let nodeId = SettingKey("node.id", flag: "--node-id")
    public static let logLevel = SettingKey("log.level", flag: "--log-level")
    public static let logFormat = SettingKey("log.format", flag: "--log-format")
    public static let readinessAttempts = SettingKey("readiness.attempts")
    public static let readinessInterval = SettingKey("readiness.interval")
    public static let readinessRecheckInterval = SettingKey("readiness.recheck-interval")
    public static let viewersFlushInterval = SettingKey("viewers.flush-interval")
    public static let shutdownGrace = SettingKey("shutdown.grace")
    public static let webhookURLs = SettingKey("webhooks.urls", flag: "--webhook-url")
    public static let webhookSecret = SettingKey("webhooks.secret", flag: "--webhook-secret", secret: true)
    public static let webhookTimeout = SettingKey("webhooks.timeout")
    public static let webhookMaxAge = SettingKey("webhooks.max-age")
    public static let reconcileInterval = SettingKey("reconcile.interval", flag: "--reconcile-interval")
    public static let reconnectWindow = SettingKey("reconcile.reconnect-window", flag: "--reconnect-window")
    public static let recordingsRoots = SettingKey("recordings.roots", flag: "--recordings-root")
    public static let recordingsRetention = SettingKey("recordings.retention", flag: "--retention-rule")
    public static let recordingsRetentionInterval = SettingKey("recordings.retention-interval", flag: "--retention-interval")
    public static let recordingsWriteGuard = SettingKey("recordings.write-guard")
    public static let recordingsRemuxMP4 = SettingKey("recordings.remux-mp4")
    public static let connectionsPendingTimeout = SettingKey("connections.pending-timeout")
    public static let connectionsGrace = SettingKey("connections.grace")
    public static let connectionsLayout = SettingKey("connections.layout")
    public static let connectionsSize = SettingKey("connections.size")
    public static let connectionsFFmpeg = SettingKey("connections.ffmpeg")
    public static let connectionsSourceBase = SettingKey("connections.source-base")

    /// Every key, in the order of the example file and the documentation table.
    public static let all: [SettingKey] = [
        httpHost, httpPort, httpExecutor,
        dataDir, database, sqliteSynchronous,
        apiToken,
        srsAPI, hlsBase, rtmpBase, app,
        mediaServer,
        nginxControl, nginxStat,
        tokenSecret,
        hookAllow, hookSecret,
        nodeId,
        logLevel, logFormat,
        readinessAttempts, readinessInterval, readinessRecheckInterval,
        viewersFlushInterval,
        shutdownGrace,
        webhookURLs, webhookSecret, webhookTimeout, webhookMaxAge,
        reconcileInterval, reconnectWindow,
        recordingsRoots, recordingsRetention, recordingsRetentionInterval, recordingsWriteGuard, recordingsRemuxMP4,
        connectionsPendingTimeout, connectionsGrace, connectionsLayout, connectionsSize, connectionsFFmpeg,
        connectionsSourceBase,
    ]

    /// Looks a key up by its dotted name.
    public static func named(_ name: String) -> SettingKey? {
        all.first { $0.name == name }
    }
}
