import Foundation
import SidecarCore
import Testing

@Suite("Retry policy")
struct RetryPolicyTests {
    let policy = RetryPolicy(base: .seconds(1), cap: .seconds(600), maxAge: .seconds(86_400))
    let t0 = Date(timeIntervalSince1970: 1_700_000_000)

    @Test(arguments: [(1, 1.0), (2, 2.0), (3, 4.0), (10, 512.0), (11, 600.0), (500, 600.0)])
    func ceilingDoublesUpToTheCap(_ attempt: Int, _ ceiling: Double) {
        #expect(policy.delayCeiling(attempt: attempt) == ceiling)
    }

    @Test func jitterStaysBetweenHalfAndAllOfTheCeiling() {
        #expect(policy.afterFailure(attempt: 3, createdAt: t0, now: t0, unit: 0) == .retry(at: t0.addingTimeInterval(2)))
        #expect(policy.afterFailure(attempt: 3, createdAt: t0, now: t0, unit: 0.999_999) == .retry(at: t0.addingTimeInterval(4 * 0.9999995)))
        for _ in 0..<200 {
            guard case .retry(let at) = policy.afterFailure(attempt: 4, createdAt: t0, now: t0) else {
                Issue.record("young delivery went dead")
                return
            }
            #expect((4.0...8.0).contains(at.timeIntervalSince(t0)))
        }
    }

    @Test func aRetryBeyondTheMaximumAgeIsADeadLetter() {
        let old = t0.addingTimeInterval(86_400 - 100)
        #expect(policy.afterFailure(attempt: 20, createdAt: t0, now: old, unit: 0) == .dead, "the next try would land after 24 h")
        #expect(policy.afterFailure(attempt: 1, createdAt: t0, now: t0.addingTimeInterval(86_000), unit: 0) != .dead)
    }
}
