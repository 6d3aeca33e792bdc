/// Every setting of `stream-sidecar serve`, fully resolved and typed.
///
/// Values come from, in rising precedence: built-in defaults (the initializer's default
/// arguments below), the YAML config file, `SIDECAR_*` environment variables, and flags.
/// ``SettingsLoader/load(flags:environment:)`` does the layering and validation; the key names
/// are listed in ``SettingKey`` and documented in `docs/configuration.md`.
public struct SidecarSettings: Sendable, Equatable {
    // MARK: HTTP listener
    /// `http.host`: address the hook/API listener binds to.
    public var host: String
    /// `http.port`: listener port; 8085 is where SRS's example configs send HTTP hooks.
    public var port: Int
    /// `http.executor`: where Swift concurrency runs the daemon's tasks: `swift` (Swift's own
    /// cooperative pool, where any free thread takes the next job) or `event-loop` (on
    /// SwiftNIO's event loops: no thread hop between a connection and its handler, but each
    /// task waits for its own loop's thread).
    public var httpExecutor: String

    // MARK: Storage
    /// `storage.data-dir`: directory for the SQLite database and other state.
    public var dataDir: String
    /// `storage.database`: SQLite file path, or a `postgres://` URL to select PostgreSQL.
    /// Defaults to `<dataDir>/sidecar.sqlite`.
    public var database: String
    /// `storage.sqlite-synchronous`: SQLite `PRAGMA synchronous` (`normal` or `full`).
    public var sqliteSynchronous: String

    // MARK: API
    /// `api.token`: bearer token for the management API; nil → the daemon generates one.
    public var apiToken: String?

    // MARK: SRS
    /// `srs.api`: base URL of SRS's HTTP API.
    public var srsAPI: String
    /// `srs.hls-base`: base URL where SRS serves HLS and HTTP-FLV.
    public var hlsBase: String
    /// `srs.rtmp-base`: RTMP base URL (including the app) that publishers push to.
    public var rtmpBase: String
    /// `srs.app`: SRS application name the sidecar manages.
    public var app: String

    // MARK: Media server
    /// `media.server`: which media server runs beside the daemon, `srs` or `nginx-rtmp`; it
    /// picks the hook dialect and the adapter for kicks and reconciliation.
    public var mediaServer: String
    /// `nginx.control`: URL of nginx-rtmp's control module (`rtmp_control all;`).
    public var nginxControl: String
    /// `nginx.stat`: URL of nginx-rtmp's stat page (`rtmp_stat all;`).
    public var nginxStat: String

    // MARK: Signed tokens and hooks
    /// `tokens.secret`: secret for signed publish/play tokens; nil disables tokens.
    public var tokenSecret: String?
    /// `hooks.allow`: CIDR blocks whose addresses may call the hook endpoints.
    public var hookAllow: [String]
    /// `hooks.secret`: optional shared secret SRS must pass as `?secret=` in hook URLs.
    public var hookSecret: String?

    // MARK: Node and logging
    /// `node.id`: this node's identity; nil → the daemon derives it from the hostname.
    public var nodeId: String?
    /// `log.level`: trace, debug, info, notice, warning, error or critical.
    public var logLevel: String
    /// `log.format`: text or json.
    public var logFormat: String

    // MARK: Timing
    /// `readiness.attempts`: probe attempts before a stream is declared not ready.
    public var readinessAttempts: Int
    /// `readiness.interval`: seconds between readiness probe attempts.
    public var readinessInterval: Double
    /// `readiness.recheck-interval`: seconds between re-checks of a ready stream.
    public var readinessRecheckInterval: Double
    /// `viewers.flush-interval`: seconds between batched viewer-count writes.
    public var viewersFlushInterval: Double
    /// `shutdown.grace`: seconds in-flight hooks get to finish after SIGTERM.
    public var shutdownGrace: Double

    // MARK: Status to the platform and recordings
    /// `webhooks.urls`: endpoints every event is POSTed to.
    public var webhookURLs: [String]
    /// `webhooks.secret`: the Standard Webhooks signing secret, `whsec_<base64>`; generated
    /// into the data folder when webhooks are on and none is configured.
    public var webhookSecret: String?
    /// `webhooks.timeout`: seconds one delivery attempt may take.
    public var webhookTimeout: Double
    /// `webhooks.max-age`: seconds a delivery is retried before it becomes a dead letter.
    public var webhookMaxAge: Double
    /// `reconcile.interval`: seconds between reconciliations with SRS's API; 0 reconciles only
    /// once, at start.
    public var reconcileInterval: Double
    /// `reconcile.reconnect-window`: seconds a dropped publisher may take to come back before
    /// its room goes idle; 0 turns the window off.
    public var reconnectWindow: Double
    /// `recordings.roots`: directories recordings may be in; anything else is refused.
    public var recordingsRoots: [String]
    /// `recordings.retention`: retention rules (`global|app:<app>|room:<id> max-age=30d
    /// max-bytes=500G keep-min=3`), parsed by ``RetentionRuleSetting/parse(_:)``.
    public var recordingsRetention: [String]
    /// `recordings.retention-interval`: seconds between retention passes; 0: on demand only.
    public var recordingsRetentionInterval: Double
    /// `recordings.write-guard`: seconds since its last write under which a file is taken to
    /// be still written (never deleted, repaired or adopted).
    public var recordingsWriteGuard: Double
    /// `recordings.remux-mp4`: apps whose FLV recordings are also remuxed into MP4 (fast start).
    public var recordingsRemuxMP4: [String]

    // MARK: Connections (co-hosting)
    /// `connections.pending-timeout`: seconds a requested connection waits for the guest.
    public var connectionsPendingTimeout: Double
    /// `connections.grace`: seconds a side (host, guest, the mix) may be gone before it counts.
    public var connectionsGrace: Double
    /// `connections.layout`: `side-by-side` or `pip`.
    public var connectionsLayout: String
    /// `connections.size`: the mix's `<width>x<height>`, even numbers.
    public var connectionsSize: String
    /// `connections.ffmpeg`: the ffmpeg executable the mixer runs (a path, or a name on PATH).
    public var connectionsFFmpeg: String
    /// `connections.source-base`: RTMP base where the mixer reads and publishes; nil → the RTMP base.
    public var connectionsSourceBase: String?

    /// Creates settings; every argument defaults to the documented default.
    /// `database: nil` means `<dataDir>/sidecar.sqlite`.
    public init(
        host: String = "127.0.0.1",
        port: Int = 8085,
        httpExecutor: String = "swift",
        dataDir: String = "./data",
        database: String? = nil,
        sqliteSynchronous: String = "normal",
        apiToken: String? = nil,
        srsAPI: String = "http://127.0.0.1:1985",
        hlsBase: String = "http://127.0.0.1:8080",
        rtmpBase: String = "rtmp://127.0.0.1/live",
        app: String = "live",
        mediaServer: String = "srs",
        nginxControl: String = "http://127.0.0.1:8080/control",
        nginxStat: String = "http://127.0.0.1:8080/stat",
        tokenSecret: String? = nil,
        hookAllow: [String] = ["127.0.0.1/32", "::1/128"],
        hookSecret: String? = nil,
        nodeId: String? = nil,
        logLevel: String = "info",
        logFormat: String = "text",
        readinessAttempts: Int = 3,
        readinessInterval: Double = 3,
        readinessRecheckInterval: Double = 2,
        viewersFlushInterval: Double = 1,
        shutdownGrace: Double = 10,
        webhookURLs: [String] = [],
        webhookSecret: String? = nil,
        webhookTimeout: Double = 10,
        webhookMaxAge: Double = 86_400,
        reconcileInterval: Double = 15,
        reconnectWindow: Double = 10,
        recordingsRoots: [String] = ["/usr/local/srs/objs/dvr"],
        recordingsRetention: [String] = [],
        recordingsRetentionInterval: Double = 3600,
        recordingsWriteGuard: Double = 10,
        recordingsRemuxMP4: [String] = [],
        connectionsPendingTimeout: Double = 60,
        connectionsGrace: Double = 10,
        connectionsLayout: String = "side-by-side",
        connectionsSize: String = "1280x720",
        connectionsFFmpeg: String = "ffmpeg",
        connectionsSourceBase: String? = nil
    ) {
        self.host = host
        self.port = port
        self.httpExecutor = httpExecutor
        self.dataDir = dataDir
        self.database = database ?? Self.defaultDatabase(dataDir: dataDir)
        self.sqliteSynchronous = sqliteSynchronous
        self.apiToken = apiToken
        self.srsAPI = srsAPI
        self.hlsBase = hlsBase
        self.rtmpBase = rtmpBase
        self.app = app
        self.mediaServer = mediaServer
        self.nginxControl = nginxControl
        self.nginxStat = nginxStat
        self.tokenSecret = tokenSecret
        self.hookAllow = hookAllow
        self.hookSecret = hookSecret
        self.nodeId = nodeId
        self.logLevel = logLevel
        self.logFormat = logFormat
        self.readinessAttempts = readinessAttempts
        self.readinessInterval = readinessInterval
        self.readinessRecheckInterval = readinessRecheckInterval
        self.viewersFlushInterval = viewersFlushInterval
        self.shutdownGrace = shutdownGrace
        self.webhookURLs = webhookURLs
        self.webhookSecret = webhookSecret
        self.webhookTimeout = webhookTimeout
        self.webhookMaxAge = webhookMaxAge
        self.reconcileInterval = reconcileInterval
        self.reconnectWindow = reconnectWindow
        self.recordingsRoots = recordingsRoots
        self.recordingsRetention = recordingsRetention
        self.recordingsRetentionInterval = recordingsRetentionInterval
        self.recordingsWriteGuard = recordingsWriteGuard
        self.recordingsRemuxMP4 = recordingsRemuxMP4
        self.connectionsPendingTimeout = connectionsPendingTimeout
        self.connectionsGrace = connectionsGrace
        self.connectionsLayout = connectionsLayout
        self.connectionsSize = connectionsSize
        self.connectionsFFmpeg = connectionsFFmpeg
        self.connectionsSourceBase = connectionsSourceBase
    }

    /// The database used when `storage.database` is not set: `sidecar.sqlite` in the data dir.
    public static func defaultDatabase(dataDir: String) -> String {
        dataDir.hasSuffix("/") ? dataDir + "sidecar.sqlite" : dataDir + "/sidecar.sqlite"
    }

    /// `connections.size` as numbers; nil when it is not `<width>x<height>` of even numbers
    /// from 64 to 4096.
    public var connectionsDimensions: (width: Int, height: Int)? {
        let parts = connectionsSize.lowercased().split(separator: "x", omittingEmptySubsequences: false)
        guard parts.count == 2, let width = Int(parts[0]), let height = Int(parts[1]),
            (64...4096).contains(width), (64...4096).contains(height), width % 2 == 0, height % 2 == 0
        else { return nil }
        return (width, height)
    }

    /// Whether `database` selects PostgreSQL rather than an SQLite file.
    public var usesPostgres: Bool {
        database.hasPrefix("postgres://") || database.hasPrefix("postgresql://")
    }
}
