import Foundation
import Hummingbird
import Logging
import SidecarCore
import SidecarStore
import Synchronization

/// The webhook side of the benchmark (issue 4): a receiver on loopback that answers 200 at
/// once and notes when each event arrived, and the two measurements scripts/bench-webhooks.sh
/// runs against the daemon.
enum WebhookBench {
    /// Prepares the outbox before the daemon starts: registers `endpoint` at the very first
    /// event, then commits `events` events spread over the first `rooms` seeded rooms, so the
    /// daemon starts with a backlog of exactly `events` deliveries.
    static func seedBacklog(dataDir: String, endpoint: String, rooms: Int, events: Int) async throws {
        let store = try StoreFactory.open(dataDir + "/sidecar.sqlite", logger: Logger(label: "seed"))
        try await store.migrate()
        try await store.registerEndpoints([endpoint], now: Date())
        guard let roomIds = try await Optional(store.rooms(status: nil, afterId: nil, limit: rooms).map(\.id)), !roomIds.isEmpty else {
            throw BenchError("seed rooms first")
        }
        let perRoom = max(1, events / roomIds.count)
        var written = 0
        for roomId in roomIds where written < events {
            let count = min(perRoom, events - written)
            try await store.mutateRoom(.id(roomId)) { room in
                let drafts = (0..<count).map { _ in EventDraft(.viewersChanged, roomId: roomId, payload: ViewersEventPayload(roomId: roomId, viewers: 1)) }
                return RoomDecision(write: .none, events: room == nil ? [] : drafts, result: ())
            }
            written += count
        }
        print("outbox backlog: \(written) events over \(roomIds.count) rooms for \(endpoint)")
    }

    /// Receives until `expect` distinct events arrived (or `timeout`), then prints the rate
    /// from the first arrival to the last.
    static func receive(port: Int, expect: Int, timeout: Duration) async throws {
        let arrivals = Arrivals()
        try await withReceiver(port: port, arrivals: arrivals) {
            let deadline = ContinuousClock.now + timeout
            while arrivals.count < expect && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
        }
        let (count, first, last, duplicates) = arrivals.summary
        guard count > 0, let first, let last else { throw BenchError("no webhook arrived") }
        let seconds = Double((last - first).components.attoseconds) / 1e18 + Double((last - first).components.seconds)
        let rate = seconds > 0 ? Double(count - 1) / seconds : 0
        print(String(format: "RESULT label=webhook_throughput delivered=%d expected=%d seconds=%.3f events_per_s=%.0f duplicates=%d",
                     count, expect, seconds, rate, duplicates))
    }

    /// Sends `count` accepted `on_publish` hooks (one per room, `rate` per second, one
    /// connection) and measures, for each, the time from sending the hook to the arrival of
    /// that room's `room.live` webhook (the hook's own processing included).
    static func latency(daemonPort: UInt16, receiverPort: Int, rooms: [SeededRoom], count: Int, rate: Int) async throws {
        let arrivals = Arrivals()
        var delays: [Double] = []
        try await withReceiver(port: receiverPort, arrivals: arrivals) {
            var socket = try Socket.connect(port: daemonPort)
            var answered: [String: ContinuousClock.Instant] = [:]
            let interval = Duration.seconds(1) / max(1, rate)
            var next = ContinuousClock.now
            for (index, room) in rooms.prefix(count).enumerated() {
                try await Task.sleep(until: next)
                next += interval
                let request = Hooks.publish(room: room, client: "lat\(index)")
                let sent = ContinuousClock.now
                let (status, body) = try socket.exchange(request)
                guard status == 200, String(decoding: body, as: UTF8.self) == #"{"code":0}"# else {
                    throw BenchError("on_publish was not allowed: \(status) \(String(decoding: body, as: UTF8.self))")
                }
                answered[room.liveId] = sent
            }
            let deadline = ContinuousClock.now + .seconds(30)
            while arrivals.live(of: Array(answered.keys)).count < answered.count && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(10))
            }
            let arrived = arrivals.live(of: Array(answered.keys))
            for (liveId, at) in arrived {
                guard let sent = answered[liveId] else { continue }
                let delay = at - sent
                delays.append(Double(delay.components.seconds) * 1000 + Double(delay.components.attoseconds) / 1e15)
            }
            if arrived.count < answered.count { throw BenchError("only \(arrived.count) of \(answered.count) room.live webhooks arrived") }
        }
        delays.sort()
        func percentile(_ p: Double) -> Double { delays[min(delays.count - 1, Int(Double(delays.count) * p))] }
        print(String(format: "RESULT label=publish_to_webhook count=%d rate=%d p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f",
                     delays.count, rate, percentile(0.5), percentile(0.9), percentile(0.99), delays.last ?? 0))
    }

    private static func withReceiver(port: Int, arrivals: Arrivals, _ body: () async throws -> Void) async throws {
        let router = Router()
        router.post("hooks") { request, context -> HTTPResponse.Status in
            let buffer = try await request.body.collect(upTo: 1 << 20)
            arrivals.record(Data(buffer.readableBytesView), at: .now)
            return .ok
        }
        var logger = Logger(label: "receiver")
        logger.logLevel = .critical  // cancelling the server at the end logs errors
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)), logger: logger)
        let server = Task { try await app.runService(gracefulShutdownSignals: []) }
        defer { server.cancel() }
        try await Task.sleep(for: .milliseconds(300))  // listening
        try await body()
    }
}

/// What arrived and when, by event id (a redelivery is counted once, as a duplicate).
final class Arrivals: Sendable {
    private struct State {
        var seen: Set<Int64> = []
        var duplicates = 0
        var first: ContinuousClock.Instant?
        var last: ContinuousClock.Instant?
        var liveArrivals: [String: ContinuousClock.Instant] = [:]
    }

    private let state = Mutex(State())

    func record(_ body: Data, at instant: ContinuousClock.Instant) {
        let json = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:]
        let id = (json["id"] as? NSNumber)?.int64Value ?? -1
        let liveId = (json["type"] as? String) == "room.live" ? (json["data"] as? [String: Any])?["liveId"] as? String : nil
        state.withLock { state in
            guard state.seen.insert(id).inserted else {
                state.duplicates += 1
                return
            }
            state.first = state.first ?? instant
            state.last = instant
            if let liveId { state.liveArrivals[liveId] = instant }
        }
    }

    var count: Int { state.withLock { $0.seen.count } }

    var summary: (Int, ContinuousClock.Instant?, ContinuousClock.Instant?, Int) {
        state.withLock { ($0.seen.count, $0.first, $0.last, $0.duplicates) }
    }

    func live(of liveIds: [String]) -> [(String, ContinuousClock.Instant)] {
        state.withLock { state in liveIds.compactMap { id in state.liveArrivals[id].map { (id, $0) } } }
    }
}
