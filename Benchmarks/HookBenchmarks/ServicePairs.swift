import CMallocShims
import Foundation
import Logging
import SidecarCore
import SidecarStore

/// The durable pairs without HTTP: the `HookService` the daemon builds (connections included,
/// readiness watching), over the seeded SQLite store, driven by `concurrency` tasks that each
/// publish and unpublish their own rooms in order. Against the HTTP figure it splits a pair's
/// cost into the hook layer's and the domain and store's.
enum ServicePairs {
    static func run(dataDir: String, rooms: [SeededRoom], concurrency: Int, duration: Duration, label: String) async throws {
        // The daemon's allocator thresholds (its MallocTuning), so that this in-process
        // reference pays for the same allocator behaviour as the daemon.
        _ = sc_malloc_set_thresholds(SC_MALLOC_TRIM_THRESHOLD, SC_MALLOC_MMAP_THRESHOLD)
        var logger = Logger(label: "service-pairs")
        logger.logLevel = .warning
        // Not `serving`: the daemon (idle meanwhile) holds the file's claim, so this reference
        // reads every room from SQLite where the daemon answers from its copies.
        let store = try StoreFactory.open(dataDir + "/sidecar.sqlite", logger: logger)
        try await store.migrate()
        let secret = try String(contentsOfFile: dataDir + "/key-secret", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let env = SidecarEnvironment(
            store: store, control: NoMediaServer(), keys: StreamKeys(secret: Array(secret.utf8)), tokens: nil,
            media: MediaSettings(), logger: logger)
        let viewers = ViewerRegistry(store: store, node: "bench")
        let readiness = ReadinessMonitor(env: env, checker: NeverReady())
        let connections = ConnectionService(
            env: env, store: store, mixer: NoMixer(), checker: NeverReady(), viewers: viewers, node: "bench")
        let hooks = HookService(env: env, readiness: readiness, viewers: viewers, connections: connections)

        let perTask = rooms.count / concurrency
        guard perTask > 0 else { throw BenchError("fewer rooms than tasks") }
        let began = ContinuousClock.now
        let deadline = began + duration
        let results = try await withThrowingTaskGroup(of: LoadResult.self) { group in
            for index in 0..<concurrency {
                let slice = rooms[(index * perTask)..<((index + 1) * perTask)]
                group.addTask {
                    let result = LoadResult()
                    for (offset, room) in slice.enumerated() {
                        guard ContinuousClock.now < deadline else { return result }
                        let client = "s\(index)x\(offset)"
                        let publish = PublishRequest(
                            app: "live", stream: room.liveId, clientId: client, ip: "127.0.0.1", params: HookParams("?key=\(room.key)"))
                        var begin = ContinuousClock.now
                        let allowed = await hooks.publish(publish).allowed
                        result.latencies.append(ContinuousClock.now - begin)
                        if !allowed { result.wrong += 1 }
                        begin = ContinuousClock.now
                        await hooks.unpublish(StreamEndRequest(app: "live", stream: room.liveId, clientId: client))
                        result.latencies.append(ContinuousClock.now - begin)
                        result.requests += 2
                        result.pairs += 1
                    }
                    result.exhausted = true
                    return result
                }
            }
            return try await group.reduce(into: [LoadResult]()) { $0.append($1) }
        }
        let total = LoadResult.combined(results, elapsed: ContinuousClock.now - began)
        await readiness.stopAll()
        total.report(label: label)
    }

    private struct NoMediaServer: MediaServerControl {
        func kick(clientId: String) async throws -> Bool { false }
        func isConnected(clientId: String) async throws -> Bool { false }
    }

    /// What the benchmark daemon's probe finds (its HLS port is closed).
    private struct NeverReady: ReadinessChecking {
        func check(hlsURL: String) async -> ReadinessCheck {
            ReadinessCheck(ready: false, reason: "playlist_unreachable", message: "benchmark", verdict: Data("{}".utf8))
        }
    }
}
