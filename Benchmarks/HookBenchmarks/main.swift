// The load side of the hook benchmark (issue text in scripts/bench-hooks.sh): seeds a data
// folder the daemon can serve, drives the durable publish/unpublish pairs that wrk cannot
// keep in order, and checks the store afterwards. A benchmark, not a test.
import Foundation

let usage = """
    usage: HookBenchmarks seed  --data-dir DIR [--rooms 100000]
           HookBenchmarks pairs --port P --data-dir DIR [--connections 16] [--duration 10]
                                [--first 0] [--count N] [--label NAME]
           HookBenchmarks reads --port P --data-dir DIR --scenario deny|play-stop [--connections 16]
                                [--duration 10] [--label NAME]
           HookBenchmarks service-pairs --data-dir DIR [--concurrency 16] [--duration 10]
                                [--first 0] [--count N] [--label NAME]
           HookBenchmarks get   --port P [--path /healthz] [--connections 16] [--duration 10]
           HookBenchmarks check --data-dir DIR --pairs N
           HookBenchmarks free-ports [--count 1]
           HookBenchmarks bare-serve --port P
           HookBenchmarks webhook-backlog --data-dir DIR --endpoint URL [--rooms 1000] [--events 20000]
           HookBenchmarks webhook-receive --port P --expect N [--timeout 120]
           HookBenchmarks webhook-latency --port P --receiver-port R --data-dir DIR [--count 2000] [--rate 200]
    """

var arguments = Array(CommandLine.arguments.dropFirst())
guard let command = arguments.first else {
    FileHandle.standardError.write(Data((usage + "\n").utf8))
    exit(2)
}
let options = Options(Array(arguments.dropFirst()))

do {
    switch command {
    case "seed":
        try await Seeder.run(dataDir: try options.string("data-dir"), rooms: options.int("rooms", 100_000))
    case "pairs":
        let slice = try options.seededRooms()
        let result = try PairLoad(
            port: UInt16(try options.int("port")), rooms: slice, connections: options.int("connections", 16),
            duration: .seconds(options.int("duration", 10))
        ).run()
        result.report(label: options.value("label") ?? "pairs")
    case "reads":
        let result = try ReadLoad(
            port: UInt16(try options.int("port")), rooms: try options.seededRooms(), scenario: try options.string("scenario"),
            connections: options.int("connections", 16), duration: .seconds(options.int("duration", 10))
        ).run()
        result.report(label: try options.value("label") ?? options.string("scenario"))
    case "service-pairs":
        let slice = try options.seededRooms()
        try await ServicePairs.run(
            dataDir: try options.string("data-dir"), rooms: slice, concurrency: options.int("concurrency", 16),
            duration: .seconds(options.int("duration", 10)), label: options.value("label") ?? "service_pairs")
    case "get":
        let result = try GetLoad(
            port: UInt16(try options.int("port")), path: options.value("path") ?? "/healthz",
            connections: options.int("connections", 16), duration: .seconds(options.int("duration", 10))
        ).run()
        result.report(label: options.value("label") ?? "get")
    case "check":
        try await StoreCheck.run(dataDir: try options.string("data-dir"), expectedPairs: try options.int("pairs"))
    case "webhook-backlog":
        try await WebhookBench.seedBacklog(
            dataDir: try options.string("data-dir"), endpoint: try options.string("endpoint"),
            rooms: options.int("rooms", 1000), events: options.int("events", 20_000))
    case "webhook-receive":
        try await WebhookBench.receive(
            port: try options.int("port"), expect: try options.int("expect"), timeout: .seconds(options.int("timeout", 120)))
    case "webhook-latency":
        let rooms = try RoomList.load(dataDir: try options.string("data-dir"))
        try await WebhookBench.latency(
            daemonPort: UInt16(try options.int("port")), receiverPort: try options.int("receiver-port"),
            rooms: Array(rooms.suffix(options.int("count", 2000))), count: options.int("count", 2000), rate: options.int("rate", 200))
    case "bare-serve":
        try await BareServer.run(port: try options.int("port"))
    case "free-ports":
        print(try FreePorts.take(options.int("count", 1)).map(String.init).joined(separator: " "))
    default:
        FileHandle.standardError.write(Data((usage + "\n").utf8))
        exit(2)
    }
} catch {
    FileHandle.standardError.write(Data("HookBenchmarks \(command): \(error)\n".utf8))
    exit(1)
}

/// `--name value` pairs; enough for a benchmark tool driven by one script.
struct Options {
    private var values: [String: String] = [:]

    init(_ arguments: [String]) {
        var index = 0
        while index + 1 < arguments.count, arguments[index].hasPrefix("--") {
            values[String(arguments[index].dropFirst(2))] = arguments[index + 1]
            index += 2
        }
    }

    func value(_ name: String) -> String? { values[name] }

    func string(_ name: String) throws -> String {
        guard let value = values[name] else { throw BenchError("--\(name) is required") }
        return value
    }

    func int(_ name: String) throws -> Int {
        guard let value = Int(try string(name)) else { throw BenchError("--\(name) must be a number") }
        return value
    }

    func int(_ name: String, _ fallback: Int) -> Int { values[name].flatMap(Int.init) ?? fallback }

    /// The seeded rooms from `--first` (0), `--count` of them (all the rest).
    func seededRooms() throws -> [SeededRoom] {
        let rooms = try RoomList.load(dataDir: try string("data-dir"))
        let first = int("first", 0)
        return Array(rooms[first..<min(rooms.count, first + int("count", rooms.count - first))])
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
