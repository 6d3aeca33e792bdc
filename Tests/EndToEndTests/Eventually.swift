import Foundation

/// Polls `condition` until it holds or `timeout` passes; then throws with `what` and
/// `diagnostics()` (log tails), so a CI failure says what was awaited and what the parts did.
func eventually(
    _ what: String, timeout: Duration = .seconds(30), every interval: Duration = .milliseconds(250),
    diagnostics: @Sendable () -> String = { "" }, _ condition: () async throws -> Bool
) async throws {
    let deadline = ContinuousClock.now + timeout
    var lastError: (any Error)?
    while ContinuousClock.now < deadline {
        do {
            if try await condition() { return }
        } catch {
            lastError = error
        }
        try await Task.sleep(for: interval)
    }
    let cause = lastError.map { " (last error: \($0))" } ?? ""
    throw E2EError("timed out after \(timeout) waiting for \(what)\(cause)\n\(diagnostics())")
}
