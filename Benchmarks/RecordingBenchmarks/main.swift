// The recordings benchmark (issue 6): one page of 50 over 1,000,000 indexed recordings
// (target <= 5 ms) and verify throughput over 1,000 real files. Prints figures; a benchmark,
// not a test. Run through scripts/bench-recordings.sh.
import Foundation

let usage = """
    usage: RecordingBenchmarks list   [--recordings 1000000] [--rooms 10000] [--iterations 300] [--database PATH-OR-URL]
           RecordingBenchmarks verify [--files 1000] [--fixture PATH] [--parallelism CORES]
    """

let arguments = Array(CommandLine.arguments.dropFirst())
guard let command = arguments.first else {
    FileHandle.standardError.write(Data((usage + "\n").utf8))
    exit(2)
}
let options = BenchOptions(Array(arguments.dropFirst()))

do {
    switch command {
    case "list":
        try await ListBench.run(
            recordings: options.int("recordings", 1_000_000), rooms: options.int("rooms", 10_000),
            iterations: options.int("iterations", 300), database: options.value("database"))
    case "verify":
        try await VerifyBench.run(
            files: options.int("files", 1000), fixture: options.value("fixture"),
            parallelism: options.int("parallelism", ProcessInfo.processInfo.activeProcessorCount))
    default:
        FileHandle.standardError.write(Data((usage + "\n").utf8))
        exit(2)
    }
} catch {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exit(1)
}

/// `--name value` options.
struct BenchOptions {
    var values: [String: String] = [:]

    init(_ arguments: [String]) {
        var index = 0
        while index < arguments.count {
            let name = arguments[index]
            if name.hasPrefix("--"), index + 1 < arguments.count {
                values[String(name.dropFirst(2))] = arguments[index + 1]
                index += 2
            } else {
                index += 1
            }
        }
    }

    func value(_ name: String) -> String? { values[name] }
    func int(_ name: String, _ fallback: Int) -> Int { values[name].flatMap(Int.init) ?? fallback }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Milliseconds of a Duration.
func milliseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) * 1e-15
}

/// Median, p99 and max of samples in ms.
func summary(_ samples: [Double]) -> String {
    let sorted = samples.sorted()
    guard !sorted.isEmpty else { return "no samples" }
    let median = sorted[sorted.count / 2]
    let p99 = sorted[min(sorted.count - 1, Int(Double(sorted.count) * 0.99))]
    return String(format: "median %.3f ms  p99 %.3f ms  max %.3f ms", median, p99, sorted.last!)
}
