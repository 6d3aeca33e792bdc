import Synchronization
import Testing

@testable import SidecarHTTP

@Suite("/healthz's store check")
struct HealthCheckTests {
    final class Probe: Sendable {
        let calls = Mutex(0)
        let answer = Mutex(true)
        let delay: Duration

        init(delay: Duration = .zero) { self.delay = delay }

        func run() async -> Bool {
            calls.withLock { $0 += 1 }
            if delay > .zero { try? await Task.sleep(for: delay) }
            return answer.withLock { $0 }
        }
    }

    @Test("calls within the maximum age share one check, and a later call checks again")
    func cachesForMaxAge() async throws {
        let probe = Probe()
        let health = HealthCheck(maxAge: .milliseconds(300)) { await probe.run() }
        for _ in 0..<50 { #expect(await health.isHealthy()) }
        #expect(probe.calls.withLock { $0 } == 1)
        probe.answer.withLock { $0 = false }
        // Still the cached answer: the store is checked at most once per maximum age.
        #expect(await health.isHealthy())
        try await Task.sleep(for: .milliseconds(350))
        #expect(await health.isHealthy() == false)
        #expect(probe.calls.withLock { $0 } == 2)
    }

    @Test("concurrent callers that find the answer stale wait for one check")
    func concurrentCallersShareACheck() async {
        let probe = Probe(delay: .milliseconds(100))
        let health = HealthCheck(maxAge: .seconds(60)) { await probe.run() }
        let answers = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<20 { group.addTask { await health.isHealthy() } }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(answers == Array(repeating: true, count: 20))
        #expect(probe.calls.withLock { $0 } == 1)
    }
}
