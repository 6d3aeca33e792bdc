import ArgumentParser

/// The configuration flags of `stream-sidecar serve`; include with `@OptionGroup var flags: ServeFlags`.
///
/// Every option is optional (or an empty array) and has no ArgumentParser default, so a flag
/// that is not given leaves the environment, the config file and the built-in default in charge.
/// Flags exist only for the settings an operator commonly changes per run; the rest are set
/// in the file or the environment (see `docs/configuration.md`).
public struct ServeFlags: ParsableArguments, Sendable {
    public init() {}

    @Option(name: .customLong("config"), help: ArgumentHelp(
        "YAML config file (env \(SettingKey.configFileVariable)); missing file is an error.",
        valueName: "file"))
    public var config: String?

    @Option(name: .customLong("host"), help: SettingKey.httpHost.help("Address to listen on.", value: "address"))
    public var host: String?

    @Option(name: .customLong("port"), help: SettingKey.httpPort.help("Port to listen on for SRS hooks and the API.", value: "port"))
    public var port: Int?

    @Option(name: .customLong("data-dir"), help: SettingKey.dataDir.help("Directory for the database and other state.", value: "dir"))
    public var dataDir: String?

    @Option(name: .customLong("database"), help: SettingKey.database.help(
        "SQLite file, or a postgres:// URL (default <data-dir>/sidecar.sqlite).", value: "path-or-url"))
    public var database: String?

    @Option(name: .customLong("api-token"), help: SettingKey.apiToken.help(
        "Bearer token for the API (unset: generated on first start).", value: "token"))
    public var apiToken: String?

    @Option(name: .customLong("srs-api"), help: SettingKey.srsAPI.help("Base URL of the SRS HTTP API.", value: "url"))
    public var srsAPI: String?

    @Option(name: .customLong("hls-base"), help: SettingKey.hlsBase.help(
        "Base URL where the media server serves HLS (and SRS HTTP-FLV).", value: "url"))
    public var hlsBase: String?

    @Option(name: .customLong("rtmp-base"), help: SettingKey.rtmpBase.help("RTMP base URL publishers push to.", value: "url"))
    public var rtmpBase: String?

    @Option(name: .customLong("app"), help: SettingKey.app.help("RTMP application name (SRS app, nginx-rtmp application).", value: "name"))
    public var app: String?

    @Option(name: .customLong("media-server"), help: SettingKey.mediaServer.help(
        "The media server beside the daemon: srs or nginx-rtmp.", value: "kind"))
    public var mediaServer: String?

    @Option(name: .customLong("nginx-control"), help: SettingKey.nginxControl.help(
        "URL of nginx-rtmp's control module (rtmp_control all).", value: "url"))
    public var nginxControl: String?

    @Option(name: .customLong("nginx-stat"), help: SettingKey.nginxStat.help(
        "URL of nginx-rtmp's stat page (rtmp_stat all).", value: "url"))
    public var nginxStat: String?

    @Option(name: .customLong("token-secret"), help: SettingKey.tokenSecret.help(
        "Secret for signed publish/play tokens (unset: tokens disabled).", value: "secret"))
    public var tokenSecret: String?

    @Option(name: .customLong("hook-allow"), help: SettingKey.hookAllow.help(
        "CIDR block allowed to call hooks; repeatable or comma-separated.", value: "cidr"))
    public var hookAllow: [String] = []

    @Option(name: .customLong("hook-secret"), help: SettingKey.hookSecret.help(
        "Shared secret SRS must send as ?secret= on hook URLs.", value: "secret"))
    public var hookSecret: String?

    @Option(name: .customLong("node-id"), help: SettingKey.nodeId.help("This node's id (unset: from the hostname).", value: "id"))
    public var nodeId: String?

    @Option(name: .customLong("log-level"), help: SettingKey.logLevel.help(
        "trace|debug|info|notice|warning|error|critical.", value: "level"))
    public var logLevel: String?

    @Option(name: .customLong("log-format"), help: SettingKey.logFormat.help("text|json.", value: "format"))
    public var logFormat: String?

    @Option(name: .customLong("webhook-url"), help: SettingKey.webhookURLs.help(
        "Webhook endpoint every event is POSTed to; repeatable or comma-separated.", value: "url"))
    public var webhookURLs: [String] = []

    @Option(name: .customLong("webhook-secret"), help: SettingKey.webhookSecret.help(
        "Standard Webhooks signing secret, whsec_<base64> (generated when absent).", value: "secret"))
    public var webhookSecret: String?

    @Option(name: .customLong("reconcile-interval"), help: SettingKey.reconcileInterval.help(
        "Seconds between reconciliations with SRS's API (0: only once at start).", value: "seconds"))
    public var reconcileInterval: Double?

    @Option(name: .customLong("reconnect-window"), help: SettingKey.reconnectWindow.help(
        "Seconds a dropped publisher may take to come back without the room going idle (0: off).", value: "seconds"))
    public var reconnectWindow: Double?

    @Option(name: .customLong("recordings-root"), help: SettingKey.recordingsRoots.help(
        "Directory recordings may be in (SRS's dvr_path); repeatable or comma-separated.", value: "dir"))
    public var recordingsRoots: [String] = []

    @Option(name: .customLong("retention-rule"), help: SettingKey.recordingsRetention.help(
        "Retention rule, e.g. 'global max-age=30d keep-min=1' or 'room:r1 max-bytes=10G'; repeatable.", value: "rule"))
    public var retentionRules: [String] = []

    @Option(name: .customLong("retention-interval"), help: SettingKey.recordingsRetentionInterval.help(
        "Seconds between retention passes (0: only on demand).", value: "seconds"))
    public var retentionInterval: Double?
}

extension SettingKey {
    /// Flag help that also names the config key and environment variable, so `--help` alone
    /// tells an operator how to set the same thing in the other layers.
    func help(_ abstract: String, value: String) -> ArgumentHelp {
        var location = "\(name), \(environmentVariable)"
        // The database default depends on --data-dir, which the abstract already says.
        if self != .database, let shown = SidecarSettings().fields.first(where: { $0.0 == self })?.1 {
            location += ", default \(shown)"
        }
        return ArgumentHelp("\(abstract) [\(location)]", valueName: value)
    }
}
