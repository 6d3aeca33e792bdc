import Foundation
import Synchronization

/// The durable scenario: accepted `on_publish` then `on_unpublish` of the same room and
/// client, over `connections` keep-alive connections. Each connection owns a disjoint slice
/// of rooms and sends the pair's two hooks in order, waiting for each answer, so an
/// unpublish can never overtake its publish; each room is used once, so no publish meets a
/// room that is already live.
struct PairLoad {
    let port: UInt16
    let rooms: [SeededRoom]
    let connections: Int
    let duration: Duration

    func run() throws -> LoadResult {
        let perConnection = rooms.count / connections
        guard perConnection > 0 else { throw BenchError("fewer rooms than connections") }
        let rooms = rooms
        return try LoadLoop.drive(connections: connections, port: port, duration: duration) { index, result in
            let slice = rooms[(index * perConnection)..<((index + 1) * perConnection)]
            var offset = 0
            var unpublish: [UInt8]?
            return { deadline in
                if let request = unpublish {
                    unpublish = nil
                    return LoadStep(request: request, expectAllow: true, endsPair: true)
                }
                guard offset < slice.count else {
                    result.exhausted = true
                    return nil
                }
                guard ContinuousClock.now < deadline else { return nil }
                let room = slice[slice.startIndex + offset]
                // Client ids are SRS-style connection ids, unique per publish.
                let client = "b\(index)x\(offset)"
                offset += 1
                // Built before its timing starts: the latency is the daemon's answer only.
                unpublish = Hooks.unpublish(room: room, client: client)
                return LoadStep(request: Hooks.publish(room: room, client: client), expectAllow: true, endsPair: false)
            }
        }
    }
}

/// A plain GET on the same client, to compare this generator's overhead with wrk's.
struct GetLoad {
    let port: UInt16
    let path: String
    let connections: Int
    let duration: Duration

    func run() throws -> LoadResult {
        let request = Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".utf8)
        return try LoadLoop.drive(connections: connections, port: port, duration: duration) { _, _ in
            { deadline in ContinuousClock.now < deadline ? LoadStep(request: request, expectAllow: nil, endsPair: false) : nil }
        }
    }
}

/// The read-only hooks of the wrk scenarios, on this client: `deny` sends `on_publish` with a
/// wrong key for random rooms (each must be denied), `play-stop` an `on_play` then the same
/// viewer's `on_stop` (each must be allowed). Each connection cycles through requests built
/// before the run, as the wrk scripts do, and as many in all as wrk's two threads (100,000, so
/// most rooms are met once: a room not met before is read from SQLite, later from its copy).
/// Ordered per connection, a stop never precedes its play.
struct ReadLoad {
    let port: UInt16
    let rooms: [SeededRoom]
    let scenario: String
    let connections: Int
    let duration: Duration

    static let scenarios = ["deny", "play-stop"]

    func run() throws -> LoadResult {
        guard Self.scenarios.contains(scenario) else { throw BenchError("unknown read scenario \(scenario)") }
        guard !rooms.isEmpty else { throw BenchError("no rooms") }
        let (rooms, scenario, connections) = (rooms, scenario, connections)
        // Same length and alphabet as a real key, so hashing it costs the same.
        let wrongKey = "sk" + String(repeating: "a", count: 32)
        return try LoadLoop.drive(connections: connections, port: port, duration: duration) { index, _ in
            var generator = SystemRandomNumberGenerator()
            let perConnection = (scenario == "deny" ? 100_000 : 50_000) / connections
            let steps: [LoadStep] = (0..<perConnection).flatMap { n -> [LoadStep] in
                let room = rooms.randomElement(using: &generator)!
                let client = "r\(index)x\(n)"
                if scenario == "deny" {
                    return [LoadStep(request: Hooks.request("on_publish", room: room, client: client, param: "?key=" + wrongKey), expectAllow: false, endsPair: false)]
                }
                return [
                    LoadStep(request: Hooks.request("on_play", room: room, client: client, param: "?viewer=v1"), expectAllow: true, endsPair: false),
                    LoadStep(request: Hooks.request("on_stop", room: room, client: client, param: "?viewer=v1"), expectAllow: true, endsPair: false),
                ]
            }
            var next = 0
            return { deadline in
                guard ContinuousClock.now < deadline else { return nil }
                defer { next = (next + 1) % steps.count }
                return steps[next]
            }
        }
    }
}

/// The SRS 7 hook requests, with every field and header SRS sends (as in
/// Fixtures/srs-hooks/srs-7.0.18), so the daemon's parsing costs what it does in production.
/// Spliced from byte pieces rather than interpolated: the client's CPU is the daemon's loss.
enum Hooks {
    static func publish(room: SeededRoom, client: String) -> [UInt8] {
        request("on_publish", room: room, client: client, param: "?key=" + room.key)
    }

    static func unpublish(room: SeededRoom, client: String) -> [UInt8] {
        request("on_unpublish", room: room, client: client, param: "?key=" + room.key)
    }

    private static let head = Array("POST /hooks/srs HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: SRS/7.0.18(Hang)\r\nConnection: Keep-Alive\r\nContent-Type: application/json\r\nContent-Length: ".utf8)
    private static let parts = [
        #"{"server_id":"vid-pq6240v","service_id":"2l022j17","action":""#, #"","client_id":""#,
        #"","ip":"127.0.0.1","vhost":"__defaultVhost__","app":"live","tcUrl":"rtmp://127.0.0.1:1935/live","stream":""#,
        #"","param":""#, #"","stream_url":"/live/"#, #"","stream_id":"vid-3xw6vb9"}"#,
    ].map { Array($0.utf8) }

    static func request(_ action: String, room: SeededRoom, client: String, param: String) -> [UInt8] {
        var body: [UInt8] = []
        body.reserveCapacity(400)
        for (part, value) in zip(parts, [action, client, room.liveId, param, room.liveId, ""]) {
            body += part
            body += value.utf8
        }
        var request = head
        request.reserveCapacity(head.count + body.count + 8)
        request += String(body.count).utf8
        request += [13, 10, 13, 10]
        return request + body
    }
}

/// What one run measured: per-request latencies of every connection, and every answer that
/// was not what the scenario expects.
final class LoadResult: @unchecked Sendable {
    // Written only by the connection's own thread until it is joined.
    var latencies: [Duration] = []
    var requests = 0
    var pairs = 0
    var wrong = 0
    var firstWrong: String?
    var exhausted = false
    var elapsed: Duration = .zero

    private static let codeZero = Array(#"{"code":0"#.utf8)

    /// Counts one answer, taken `latency` after its request was sent.
    func record(status: Int, body: ArraySlice<UInt8>, latency: Duration, expectAllow: Bool?) {
        latencies.append(latency)
        requests += 1
        // SRS allows on HTTP 200 with code 0 only.
        // The daemon writes `code` first. A prefix test, not `contains`: the standard library's
        // generic subsequence search cost this client 25 µs per deny body.
        let allowed = status == 200 && body.starts(with: Self.codeZero)
            && [UInt8(ascii: "}"), UInt8(ascii: ",")].contains(body.dropFirst(Self.codeZero.count).first ?? 0)
        if status != 200 || (expectAllow.map { $0 != allowed } ?? false) {
            wrong += 1
            if firstWrong == nil { firstWrong = "\(status) \(String(decoding: body, as: UTF8.self))" }
        }
    }

    /// The whole run's figures from its workers' (connections' or tasks').
    static func combined(_ results: [LoadResult], elapsed: Duration) -> LoadResult {
        let total = LoadResult()
        total.elapsed = elapsed
        for result in results {
            total.latencies += result.latencies
            total.requests += result.requests
            total.pairs += result.pairs
            total.wrong += result.wrong
            total.firstWrong = total.firstWrong ?? result.firstWrong
            total.exhausted = total.exhausted || result.exhausted
        }
        return total
    }

    /// A human line and a `RESULT` line the script parses (same keys as the wrk scripts).
    func report(label: String) {
        let sorted = latencies.sorted()
        func percentile(_ p: Double) -> Double {
            guard !sorted.isEmpty else { return 0 }
            let value = sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * p))]
            return Double(value.components.attoseconds) / 1e12 + Double(value.components.seconds) * 1e6
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print(String(
            format: "RESULT label=\(label) requests=%d seconds=%.2f rps=%.0f pairs_per_s=%.0f p50_us=%.0f p99_us=%.0f p999_us=%.0f non2xx_or_wrong=%d exhausted=%d pairs=%d",
            requests, seconds, Double(requests) / seconds, Double(pairs) / seconds, percentile(0.5),
            percentile(0.99), percentile(0.999), wrong, exhausted ? 1 : 0, pairs))
        if let firstWrong { print("first wrong answer: \(firstWrong)") }
    }
}

/// Hands a value to the thread that alone uses it from then on.
struct UncheckedBox<T>: @unchecked Sendable {
    var value: T
    init(_ value: T) { self.value = value }
}
