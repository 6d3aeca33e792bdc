import Synchronization

/// One async lock per key: work for the same room runs one at a time, in arrival order,
/// while different rooms proceed in parallel.
///
/// The store already makes each change atomic; this keeps the side effects around a change
/// (asking SRS whether an old publisher is gone, starting the readiness monitor, kicking) in
/// step with it, so a query never sees a room half-way through a transition.
public final class KeyedLocks: Sendable {
    private struct Entry {
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let entries = Mutex<[String: Entry]>([:])

    public init() {}

    public func withLock<T: Sendable>(_ key: String, _ body: () async throws -> T) async rethrows -> T {
        await acquire(key)
        defer { release(key) }
        return try await body()
    }

    private func acquire(_ key: String) async {
        // Fast path: nobody holds the key.
        let acquired = entries.withLock { entries -> Bool in
            if entries[key] == nil {
                entries[key] = Entry()
                return true
            }
            return false
        }
        if acquired { return }
        await withCheckedContinuation { continuation in
            let handedOver = entries.withLock { entries -> Bool in
                if entries[key] == nil {
                    entries[key] = Entry()
                    return true
                }
                entries[key]!.waiters.append(continuation)
                return false
            }
            if handedOver { continuation.resume() }
        }
    }

    private func release(_ key: String) {
        let next = entries.withLock { entries -> CheckedContinuation<Void, Never>? in
            guard var entry = entries[key] else { return nil }
            if entry.waiters.isEmpty {
                entries[key] = nil
                return nil
            }
            let next = entry.waiters.removeFirst()
            entries[key] = entry
            return next
        }
        // Ownership passes straight to the next waiter: the entry stays, so nobody barges in.
        next?.resume()
    }
}
