import Foundation

/// Timing samples of one benchmark and their summary.
struct Stats {
    var samples: [Duration]

    var sortedSeconds: [Double] { samples.map(\.seconds).sorted() }
    var median: Double { percentile(0.5) }
    var p99: Double { percentile(0.99) }
    var mean: Double { sortedSeconds.reduce(0, +) / Double(max(1, samples.count)) }

    func percentile(_ p: Double) -> Double {
        let sorted = sortedSeconds
        guard !sorted.isEmpty else { return 0 }
        return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * p).rounded()))]
    }

    /// "median 1.234 ms (p99 2.345 ms, n=300)".
    var ms: String {
        String(format: "median %.3f ms (mean %.3f, p99 %.3f, n=%d)", median * 1e3, mean * 1e3, p99 * 1e3, samples.count)
    }

    static func measure(runs: Int, warmup: Int = 3, _ body: () throws -> Void) rethrows -> Stats {
        for _ in 0..<warmup { try body() }
        let clock = ContinuousClock()
        var samples: [Duration] = []
        samples.reserveCapacity(runs)
        for _ in 0..<runs { samples.append(try clock.measure(body)) }
        return Stats(samples: samples)
    }

    static func measure(runs: Int, warmup: Int = 3, _ body: () async throws -> Void) async rethrows -> Stats {
        for _ in 0..<warmup { try await body() }
        let clock = ContinuousClock()
        var samples: [Duration] = []
        samples.reserveCapacity(runs)
        for _ in 0..<runs { samples.append(try await clock.measure(body)) }
        return Stats(samples: samples)
    }
}

extension Duration {
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
