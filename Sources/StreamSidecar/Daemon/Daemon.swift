import Foundation
import HLSProbe
import Hummingbird
import Logging
import ServiceLifecycle
import SidecarAdapters
import SidecarConfig
import SidecarCore
import SidecarHTTP
import SidecarMixer
import SidecarStore
import SidecarWebhooks

/// The running daemon: every long-lived part as a `Service` in one `ServiceGroup`, listed in
/// dependency order; on SIGTERM/SIGINT they stop in reverse, so the HTTP server lets
/// in-flight hooks finish before the viewer flusher writes its last batch and the store
/// closes.
struct Daemon {
    let group: ServiceGroup
    let cleanup: @Sendable () async -> Void

    static func build(settings: SidecarSettings, logger: Logger) async throws -> Daemon {
        let data = try DataFolder(path: settings.dataDir)
        let store = try StoreFactory.open(settings.database, serving: true, logger: logger)
        let http = CurlHTTPClient(logger: logger)
        let media = MediaSettings(app: settings.app, rtmpBase: settings.rtmpBase, httpBase: settings.hlsBase)
        let node = settings.nodeId ?? ProcessInfo.processInfo.hostName
        let mediaServer = try MediaServerAdapter(settings: settings, http: http, node: node)
        let env = SidecarEnvironment(
            store: store, control: mediaServer.control,
            keys: StreamKeys(secret: try data.keySecret()), tokens: settings.tokenSecret.map(SignedTokens.init(secret:)),
            media: media, logger: logger)
        let checker = ProbeReadinessChecker(probe: ReadinessProbe(http: http, logger: logger))
        let monitor = ReadinessMonitor(env: env, checker: checker, settings: .init(
            attempts: settings.readinessAttempts, interval: .seconds(settings.readinessInterval),
            recheckInterval: .seconds(settings.readinessRecheckInterval)))
        let viewers = ViewerRegistry(store: store, node: node)
        let metrics = SidecarMetrics()
        let reconnect = ReconnectWindow(duration: .seconds(settings.reconnectWindow))
        let mixer = FFmpegMixer(settings: .init(ffmpeg: settings.connectionsFFmpeg), logger: logger)
        let connections = ConnectionService(
            env: env, store: store, mixer: mixer, checker: checker, viewers: viewers,
            settings: try connectionSettings(settings), node: node)
        let reconciler = ReconcileService(
            env: env, inventory: mediaServer.inventory, readiness: monitor, viewers: viewers, reconnect: reconnect,
            connections: connections)
        let serverRunning = StartSignal()
        let storeReady = StartSignal()
        // A signal has one waiter (an AsyncStream has one consumer): retention gets its own.
        let retentionReady = StartSignal()
        let feed = EventFeed(events: store, deliveries: store, signal: store.eventSignal)
        let recordings = try RecordingsSetup.service(settings, store: store, logger: logger)
        RecordingsSetup.logRoots(recordings.settings, logger: logger)
        let webhooks = try webhookDispatcher(
            settings: settings, data: data, store: store, http: http, node: node, metrics: metrics, ready: storeReady, logger: logger)
        let router = buildSidecarRouter(SidecarHTTPDependencies(
            hooks: HookService(env: env, readiness: monitor, viewers: viewers, reconnect: reconnect, connections: connections),
            rooms: RoomService(env: env, readiness: monitor, viewers: viewers, node: node, connections: connections),
            metrics: metrics, apiToken: try data.apiToken(configured: settings.apiToken, logger: logger),
            hookAllow: try settings.hookAllow.map { cidr in
                guard let parsed = CIDR(cidr) else { throw DaemonError(description: "hooks.allow: \(cidr) is not an address range") }
                return parsed
            },
            hookSecret: settings.hookSecret,
            events: feed,
            recordings: recordings,
            mediaServer: mediaServer.kind,
            mediaServerId: mediaServer.serverId,
            connections: connections,
            health: {
                // Healthy when the store answers; a missing row is an answer.
                do {
                    _ = try await store.room(id: "healthz")
                    return true
                } catch { return false }
            }))

        var app = Application(
            router: router,
            server: sidecarHTTPServer(),
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "stream-sidecar"),
            onServerRunning: { channel in
                logger.info("listening", metadata: ["address": "\(channel.localAddress?.description ?? "?")"])
                serverRunning.fire()
            },
            logger: logger)
        app.beforeServerStarts {
            try await store.migrate()
            try await viewers.load()
            // Connections this node ran before a restart lost their mixers: they end.
            try await connections.recover()
            // Before the first request: events of this run reach endpoints configured now.
            try await store.registerEndpoints(settings.webhookURLs, now: Date())
            storeReady.fire()
            retentionReady.fire()
            logger.info("storage ready", metadata: ["storage": "\(settings.usesPostgres ? "postgresql" : "sqlite")"])
        }
        var services: [any Service] = []
        if let storeService = store as? any Service { services.append(storeService) }
        services.append(ViewerFlushService(viewers: viewers, interval: .seconds(settings.viewersFlushInterval), logger: logger))
        // After the HTTP server in the list, so it stops first: hooks in flight still commit
        // events, which the dispatcher then sends (or leaves in the outbox for next start).
        services.append(app)
        // After the HTTP server, so it stops first: the mixers' end hooks are still answered.
        services.append(MixerService(mixer: mixer))
        services.append(ReconcileLoop(
            reconciler: reconciler, interval: .seconds(settings.reconcileInterval),
            metrics: ReconcileMetrics(registry: metrics.registry), ready: serverRunning, logger: logger))
        if let webhooks { services.append(webhooks) }
        if settings.recordingsRetentionInterval > 0, recordings.settings.retention.deletesAnything {
            services.append(RetentionLoop(
                recordings: recordings, interval: .milliseconds(Int64(settings.recordingsRetentionInterval * 1000)),
                ready: retentionReady, logger: logger))
        }
        let group = ServiceGroup(configuration: .init(
            services: services.map { .init(service: $0) },
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger))
        return Daemon(group: group) {
            // Open reconnect windows are dropped, not acted on: the next start's
            // reconciliation makes those rooms idle if their publisher did not come back.
            await reconnect.cancelAll()
            await monitor.stopAll()
            await connections.shutdown()
            await mixer.stopAll()
            http.shutdown()
        }
    }

    private static func connectionSettings(_ settings: SidecarSettings) throws -> ConnectionSettings {
        guard let layout = MixLayout(rawValue: settings.connectionsLayout), let size = settings.connectionsDimensions else {
            throw DaemonError(description: "connections.layout or connections.size is not valid")
        }
        return ConnectionSettings(
            pendingTimeout: .milliseconds(Int64(settings.connectionsPendingTimeout * 1000)),
            grace: .milliseconds(Int64(settings.connectionsGrace * 1000)), layout: layout, width: size.width,
            height: size.height, sourceBase: settings.connectionsSourceBase,
            watchInterval: .milliseconds(Int64(max(0.2, settings.readinessRecheckInterval) * 1000)))
    }

    private static func webhookDispatcher(
        settings: SidecarSettings, data: DataFolder, store: any SidecarStorage, http: CurlHTTPClient, node: String,
        metrics: SidecarMetrics, ready: StartSignal, logger: Logger
    ) throws -> WebhookDispatcher? {
        guard !settings.webhookURLs.isEmpty else { return nil }
        let text = try data.webhookSecret(configured: settings.webhookSecret, generate: WebhookSecret.generate)
        let secret: WebhookSecret
        do { secret = try WebhookSecret(text) } catch { throw DaemonError(description: "webhooks.secret: \(error)") }
        let endpoints = try settings.webhookURLs.map { text in
            guard let url = URL(string: text) else { throw DaemonError(description: "webhooks.urls: \(text) is not a URL") }
            return url
        }
        return WebhookDispatcher(
            store: store, signal: store.eventSignal, http: http,
            settings: WebhookSettings(
                endpoints: endpoints, secret: secret, node: node, timeout: .milliseconds(Int64(settings.webhookTimeout * 1000)),
                retry: RetryPolicy(maxAge: .milliseconds(Int64(settings.webhookMaxAge * 1000)))),
            metrics: WebhookMetrics(registry: metrics.registry), logger: logger, ready: { await ready.wait() })
    }

    func run() async throws {
        do {
            try await group.run()
        } catch {
            await cleanup()
            throw error
        }
        await cleanup()
    }
}

/// Writes the viewer registry behind every `interval`, and once more at shutdown.
struct ViewerFlushService: Service {
    let viewers: ViewerRegistry
    let interval: Duration
    let logger: Logger

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            await flush()
        }
    }

    private func flush() async {
        do { try await viewers.flush() } catch {
            logger.error("viewer counts not saved; will retry", metadata: ["error": "\(error)"])
        }
    }
}
