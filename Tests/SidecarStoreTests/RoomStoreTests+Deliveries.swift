import Foundation
import SidecarCore
import SidecarStore
import Testing

/// The webhook outbox: fan-out per endpoint, per-room order, retries, dead letters, leases.
extension RoomStoreTests {
    static let hookA = "http://127.0.0.1:9/a"
    static let hookB = "http://127.0.0.1:9/b"

    private func claim(
        _ store: TestStore, _ endpoints: [String] = [hookA], owner: String = "n1", at now: Date = Date(), limit: Int = 100,
        lease: Duration = .seconds(30)
    ) async throws -> [ClaimedDelivery] {
        try await store.claimDeliveries(DeliveryClaim(endpoints: endpoints, owner: owner, now: now, lease: lease, limit: limit))
    }

    private func touch(_ store: TestStore, _ roomId: String, _ type: EventType = .roomLive) async throws {
        try await store.mutateRoom(.id(roomId)) { room in
            RoomDecision(write: .none, events: [EventDraft(type, roomId: room?.id, payload: ["n": 1])], result: ())
        }
    }

    private func finish(_ store: TestStore, _ delivery: ClaimedDelivery, _ outcome: DeliveryResult.Outcome, owner: String = "n1", at: Date = Date()) async throws {
        try await store.finishDelivery(DeliveryResult(id: delivery.id, owner: owner, outcome: outcome, at: at, status: 500, error: "HTTP 500"))
    }

    @Test(arguments: Backend.all)
    func aNewEndpointStartsAtTheNewestEventAndGetsOneHeadPerRoom(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            try await store.create(makeRoom("r0"))
            #expect(try await claim(store).isEmpty, "history before the endpoint existed is not sent")
            try await store.create(makeRoom("r1"))
            try await store.create(makeRoom("r2"))
            try await touch(store, "r1")
            let heads = try await claim(store)
            #expect(heads.map(\.event.roomId) == ["r1", "r2"], "one head per room, oldest first")
            #expect(heads.map(\.event.type) == ["room.created", "room.created"])
            #expect(heads.allSatisfy { $0.attempts == 0 && $0.endpoint == Self.hookA })
            #expect(try await claim(store).isEmpty, "leased heads are not handed out twice; r1's second event waits")

            try await finish(store, heads[0], .delivered)
            let next = try await claim(store)
            #expect(next.map(\.event.type) == ["room.live"], "r1's next event once its head is delivered")
            #expect(next[0].event.sequence == heads[0].event.sequence + 1)
        }
    }

    @Test(arguments: Backend.all)
    func eachEndpointHasItsOwnQueues(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            _ = try await claim(store, [Self.hookA, Self.hookB])  // both endpoints start now
            try await store.create(makeRoom("r1"))
            let heads = try await claim(store, [Self.hookA, Self.hookB])
            #expect(Set(heads.map(\.endpoint)) == [Self.hookA, Self.hookB])
            try await finish(store, heads.first { $0.endpoint == Self.hookA }!, .delivered)
            let stats = try await store.outboxStats(endpoints: [Self.hookA, Self.hookB])
            #expect(stats.depth == 1, "B's delivery is still open")
        }
    }

    @Test(arguments: Backend.all)
    func aFailedHeadHoldsItsRoomUntilDueAndADeadOneLetsItGo(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            _ = try await claim(store)
            try await store.create(makeRoom("r1"))
            try await touch(store, "r1")
            let now = Date()
            let first = try #require(try await claim(store, at: now).first)
            try await finish(store, first, .retry(at: now.addingTimeInterval(60)), at: now)
            #expect(try await claim(store, at: now.addingTimeInterval(1)).isEmpty, "not due, and the room waits behind it")

            let failed = try await store.deliveries(state: .failed, afterId: nil, limit: 10)
            #expect(failed.count == 1)
            #expect(failed[0].attempts == 1 && failed[0].lastStatus == 500 && failed[0].lastError == "HTTP 500")
            #expect(failed[0].eventType == "room.created" && failed[0].roomId == "r1")

            let again = try #require(try await claim(store, at: now.addingTimeInterval(61)).first)
            #expect(again.id == first.id && again.attempts == 1)
            try await finish(store, again, .dead, at: now.addingTimeInterval(61))
            let next = try await claim(store, at: now.addingTimeInterval(62))
            #expect(next.map(\.event.type) == ["room.live"], "a dead letter no longer holds its room")

            let dead = try await store.deliveries(state: .dead, afterId: nil, limit: 10)
            #expect(dead.map(\.id) == [first.id])
            #expect(dead[0].nextAttemptAt == nil)
            #expect(try await store.outboxStats(endpoints: [Self.hookA]).dead == 1)

            let retried = try #require(try await store.retryDelivery(id: first.id, now: now.addingTimeInterval(70)))
            #expect(retried.state == .pending)
            #expect(try await store.deliveries(state: .dead, afterId: nil, limit: 10).isEmpty)
            #expect(try await store.retryDelivery(id: 987_654, now: now) == nil)
        }
    }

    @Test(arguments: Backend.all)
    func anExpiredOrReleasedLeaseIsHandedOutAgain(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            _ = try await claim(store)
            try await store.create(makeRoom("r1"))
            let now = Date()
            let held = try await claim(store, owner: "n1", at: now, lease: .seconds(5))
            #expect(held.count == 1)
            #expect(try await claim(store, owner: "n2", at: now.addingTimeInterval(4)).isEmpty)
            let taken = try await claim(store, owner: "n2", at: now.addingTimeInterval(6))
            #expect(taken.map(\.id) == held.map(\.id), "a dead daemon's lease expires")

            // The old holder's late result is ignored: the delivery belongs to n2 now.
            try await finish(store, held[0], .delivered, owner: "n1")
            #expect(try await store.outboxStats(endpoints: [Self.hookA]).depth == 1)

            try await store.releaseLeases(owner: "n2")
            #expect(try await claim(store, owner: "n1", at: now.addingTimeInterval(7)).map(\.id) == held.map(\.id))
        }
    }

    @Test(arguments: Backend.all)
    func statsCountWhatIsNotYetFannedOutAndTheOldestEvent(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            #expect(try await store.outboxStats(endpoints: [Self.hookA]) == OutboxStats(depth: 0, dead: 0, oldestUndelivered: nil))
            _ = try await claim(store)
            try await store.create(makeRoom("r1"))
            try await store.create(makeRoom("r2"))
            let stats = try await store.outboxStats(endpoints: [Self.hookA])
            #expect(stats.depth == 2, "committed events past the cursor count before any claim")
            #expect(stats.oldestUndelivered != nil)
            #expect(try await store.latestEventId() == (try await store.allEvents()).last?.id)
        }
    }

    @Test func postgresDaemonsNeverLeaseOneDeliveryTwice() async throws {
        try await withPostgresStores(count: 2) { stores in
            try await stores[0].migrate()
            try await stores[1].migrate()
            _ = try await stores[0].claimDeliveries(DeliveryClaim(endpoints: [Self.hookA], owner: "n0", now: Date(), lease: .seconds(30), limit: 1))
            for index in 0..<40 { try await stores[0].create(makeRoom("r\(index)")) }
            let claimed = try await withThrowingTaskGroup(of: [Int64].self) { group in
                for (index, store) in stores.enumerated() {
                    group.addTask {
                        var ids: [Int64] = []
                        for _ in 0..<10 {
                            let batch = try await store.claimDeliveries(DeliveryClaim(
                                endpoints: [Self.hookA], owner: "n\(index)", now: Date(), lease: .seconds(30), limit: 3))
                            ids += batch.map(\.id)
                        }
                        return ids
                    }
                }
                var all: [Int64] = []
                for try await ids in group { all += ids }
                return all
            }
            #expect(claimed.count == 40, "every room's head claimed once")
            #expect(Set(claimed).count == claimed.count, "and never by both daemons")
        }
    }
}
