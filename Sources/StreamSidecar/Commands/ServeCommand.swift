import ArgumentParser
import Foundation
import Logging
import NIOCore
import NIOPosix
import SidecarConfig

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the daemon: SRS hooks, the platform API, readiness and status.",
        discussion: "Settings come from --config (YAML), SIDECAR_* environment variables and these flags, each overriding the one before. See sidecar.example.yaml and docs/configuration.md."
    )

    @OptionGroup var flags: ServeFlags

    func run() async throws {
        let settings: SidecarSettings
        do {
            settings = try await SettingsLoader.load(flags: flags)
        } catch {
            // A configuration error is not a usage error: one clear line, no usage text.
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(2)
        }
        let logger = Logging.make(settings)
        if MallocTuning.apply() {
            logger.debug("malloc trim threshold set", metadata: ["bytes": "\(MallocTuning.trimThreshold)"])
        }
        if settings.httpExecutor == "event-loop" {
            // Swift concurrency's jobs then run on the HTTP server's event loops: a hook's
            // handler runs on its connection's thread instead of hopping to Swift's pool and
            // back. Not the default: each job is tied to one loop's thread, so a descheduled
            // thread delays every request of its connections, while on Swift's pool any free
            // thread takes the next job (the p99 under wrk on 2 cores was 3.5-5 ms here and
            // 1.2-2 ms on the pool, for the same CPU per hook). Installed before any service
            // starts; nothing in the daemon blocks a thread for long (SQLite runs short,
            // synchronous=FULL commits and migrations run on dispatch queues, curl on its own
            // thread).
            if !NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor() {
                logger.warning("http.executor: this platform cannot run Swift concurrency on the event loops; using Swift's pool")
            }
        }
        logger.info("starting stream-sidecar", metadata: ["settings": "\(settings.redactedDescription)"])
        let daemon = try await Daemon.build(settings: settings, logger: logger)
        try await daemon.run()
    }
}
