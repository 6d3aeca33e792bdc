import ArgumentParser
import Foundation
import Logging
import SidecarConfig
import SidecarCore
import ServiceLifecycle
import SidecarStore

/// Where the recordings commands find the store and the roots: the daemon's own settings
/// (`--config`, `SIDECAR_*`, these flags), so that an operator runs them beside the daemon
/// with the same configuration.
struct RecordingsOptions: ParsableArguments {
    @Option(name: .customLong("config"), help: ArgumentHelp("The daemon's YAML config file (env SIDECAR_CONFIG).", valueName: "file"))
    var config: String?

    @Option(name: .customLong("data-dir"), help: ArgumentHelp("The daemon's data directory [storage.data-dir].", valueName: "dir"))
    var dataDir: String?

    @Option(name: .customLong("database"), help: ArgumentHelp(
        "SQLite file or postgres:// URL [storage.database] (default <data-dir>/sidecar.sqlite).", valueName: "path-or-url"))
    var database: String?

    @Option(name: .customLong("recordings-root"), help: ArgumentHelp(
        "Recordings directory [recordings.roots]; repeatable.", valueName: "dir"))
    var recordingsRoots: [String] = []

    @Option(name: .customLong("retention-rule"), help: ArgumentHelp(
        "Retention rule [recordings.retention]; repeatable.", valueName: "rule"))
    var retentionRules: [String] = []

    @Flag(name: .long, help: "Print JSON instead of a table.")
    var json = false

    @Flag(name: .long, help: "Log what is done (to standard error).")
    var verbose = false

    /// The daemon's flags with just these set (parsed, so every other flag is "not given").
    func serveFlags() throws -> ServeFlags {
        var arguments: [String] = []
        if let config { arguments += ["--config", config] }
        if let dataDir { arguments += ["--data-dir", dataDir] }
        if let database { arguments += ["--database", database] }
        for root in recordingsRoots { arguments += ["--recordings-root", root] }
        for rule in retentionRules { arguments += ["--retention-rule", rule] }
        return try ServeFlags.parse(arguments)
    }

    /// Opens the configured store (migrating it, which is a no-op when the daemon already
    /// did), runs `body` with the recordings service, and closes the store.
    func withService<T: Sendable>(_ body: @escaping @Sendable (RecordingService) async throws -> T) async throws -> T {
        let settings: SidecarSettings
        do {
            settings = try await SettingsLoader.load(flags: try serveFlags())
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(2)
        }
        var logger = Logger(label: "stream-sidecar.recordings") { label in StreamLogHandler.standardError(label: label) }
        logger.logLevel = verbose ? .info : .warning
        let store = try StoreFactory.open(settings.database, logger: logger)
        let service: RecordingService
        do {
            service = try RecordingsSetup.service(settings, store: store, logger: logger)
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(2)
        }
        return try await withThrowingTaskGroup(of: T?.self) { group in
            if let running = StoreFactory.service(for: store) {
                group.addTask {
                    try await running.run()
                    return nil
                }
            }
            group.addTask {
                try await store.migrate()
                return try await body(service)
            }
            defer { group.cancelAll() }
            while let result = try await group.next() {
                if let result { return result }
            }
            throw CleanExit.message("the store stopped")
        }
    }
}

/// Fails the command with a message on standard error and exit status 1.
struct RecordingsFailure: Error, CustomStringConvertible {
    let description: String
}
