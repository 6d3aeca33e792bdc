import CurlHTTP
import Foundation
import HTTPTestSupport
import SidecarCore
import SidecarTestSupport
import SidecarWebhooks
import Testing

/// The dispatcher against a real receiver on loopback, over a real SQLite outbox.
@Suite("Webhook delivery", .serialized)
struct DispatcherTests {
    let http = CurlHTTPClient()

    /// Runs `body` with a fresh harness, removed afterwards.
    func withHarness(_ body: (SidecarHarness) async throws -> Void) async throws {
        let harness = try await SidecarHarness()
        defer { harness.remove() }
        try await body(harness)
    }

    @Test func deliversEveryEventSignedAndInOrderPerRoom() async throws {
        try await withHarness { harness in
            let (receiver, log) = try await Receiver.start()
            try await registerEndpoints(harness, [receiver.url])
            let dispatcher = try RunningDispatcher.start(harness, endpoints: [receiver.url], http: http)
            for index in 0..<5 {
                _ = try await harness.makeRoom("r\(index)", owner: "owner\(index)")
                _ = try await harness.rooms.rotateKey(roomId: "r\(index)", kick: false)
            }
            try await eventually("10 events delivered") { log.delivered.count >= 10 }
            try await eventually("and recorded") { try await harness.store.outboxStats(endpoints: [receiver.url.absoluteString]).depth == 0 }
            await dispatcher.stop()
            try await receiver.server.stop()

            let delivered = log.delivered
            for index in 0..<5 {
                let room = delivered.filter { $0.roomId == "r\(index)" }
                #expect(room.map(\.type) == ["room.created", "room.key_rotated"], "in order for r\(index)")
                #expect(room.map(\.sequence) == [1, 2])
            }
            for delivery in delivered {
                #expect(delivery.id == "evt_\(delivery.eventId)")
                let signer = WebhookSigner(secret: try WebhookSecret(testSecret))
                #expect(signer.verify(id: delivery.id, timestamp: delivery.timestamp, signatures: delivery.signature, body: Data(delivery.body)))
            }
            let first = try #require(delivered.first)
            #expect(try verifyWithPython(id: first.id, timestamp: first.timestamp, signature: first.signature, body: Data(first.body)) == 0,
                    "an independent implementation of the specification accepts the delivery")
        }
    }

    @Test func retriesAReceiverThatFailsThenTimesOutUntilItAccepts() async throws {
        try await withHarness { harness in
            // 500, 503, a 2 s answer (longer than the 500 ms timeout), then 200.
            let (receiver, log) = try await Receiver.start { index, _ in
                switch index {
                case 0: .text("no", status: 500)
                case 1: .text("busy", status: 503)
                case 2: TestResponse(status: 200, body: Array("late".utf8), delay: .seconds(2))
                default: .text("ok")
                }
            }
            try await registerEndpoints(harness, [receiver.url])
            let dispatcher = try RunningDispatcher.start(harness, endpoints: [receiver.url], http: http)
            _ = try await harness.makeRoom("r1")
            try await eventually("accepted on the fourth attempt") { log.attempts.count >= 4 }
            try await eventually("nothing left to deliver") {
                try await harness.store.outboxStats(endpoints: [receiver.url.absoluteString]).depth == 0
            }
            await dispatcher.stop()
            try await receiver.server.stop()
            #expect(Set(log.attempts.map(\.id)).count == 1, "every attempt carries the same webhook-id")
            #expect(try await harness.store.deliveries(state: nil, afterId: nil, limit: 10).isEmpty)
        }
    }

    @Test func aReceiverThatGoesAwayGetsTheEventsWhenItComesBack() async throws {
        try await withHarness { harness in
            let (first, _) = try await Receiver.start()
            let port = first.server.port
            let url = first.url
            try await first.server.stop()  // refused from now on
            try await registerEndpoints(harness, [url])
            let dispatcher = try RunningDispatcher.start(harness, endpoints: [url], http: http)
            _ = try await harness.makeRoom("r1")
            _ = try await harness.makeRoom("r2", owner: "bob")
            try await eventually("attempts fail while the receiver is away") {
                try await harness.store.deliveries(state: .failed, afterId: nil, limit: 10).count == 2
            }
            let failed = try await harness.store.deliveries(state: .failed, afterId: nil, limit: 10)
            #expect(failed.allSatisfy { $0.lastError?.isEmpty == false && $0.lastStatus == nil })

            let (back, log) = try await Receiver.start(port: port)
            try await eventually("delivered once it is back") { Set(log.delivered.compactMap(\.roomId)) == ["r1", "r2"] }
            await dispatcher.stop()
            try await back.server.stop()
        }
    }

    @Test func aSlowRoomDoesNotHoldUpAnother() async throws {
        try await withHarness { harness in
            let (receiver, log) = try await Receiver.start { _, delivery in
                // Slower than the bound below, which leaves room for a loaded machine.
                delivery.roomId == "slow" ? TestResponse(status: 200, body: [], delay: .seconds(6)) : .text("ok")
            }
            try await registerEndpoints(harness, [receiver.url])
            let dispatcher = try RunningDispatcher.start(harness, endpoints: [receiver.url], http: http, timeout: .seconds(10))
            _ = try await harness.makeRoom("slow", owner: "s")
            try await eventually("the slow room's delivery is in flight") { log.attempts.contains { $0.roomId == "slow" } }
            let started = ContinuousClock.now
            for index in 0..<5 { _ = try await harness.makeRoom("fast\(index)", owner: "f\(index)") }
            try await eventually("the other rooms arrive meanwhile") { log.delivered.filter { $0.roomId != "slow" }.count == 5 }
            #expect(ContinuousClock.now - started < .seconds(5), "they did not wait behind the slow room")
            await dispatcher.stop()
            try await receiver.server.stop()
        }
    }

    @Test func aDeliveryPastTheMaximumAgeIsADeadLetterUntilRetried() async throws {
        try await withHarness { harness in
            let (receiver, log) = try await Receiver.start { index, _ in index < 3 ? .text("no", status: 500) : .text("ok") }
            try await registerEndpoints(harness, [receiver.url])
            let dispatcher = try RunningDispatcher.start(harness, endpoints: [receiver.url], http: http, maxAge: .milliseconds(100))
            _ = try await harness.makeRoom("r1")
            try await eventually("dead after the maximum age") {
                try await harness.store.deliveries(state: .dead, afterId: nil, limit: 10).count == 1
            }
            let feed = EventFeed(events: harness.store, deliveries: harness.store, signal: harness.store.eventSignal)
            let dead = try #require(try await feed.deliveries(state: .dead, cursor: nil, limit: 10).first)
            #expect(dead.lastStatus == 500 && dead.eventType == "room.created")
            // Retried by hand while the receiver still fails, then accepted.
            while log.attempts.count < 3 {
                _ = try await feed.retry(deliveryId: dead.id)
                try await eventually("the retry ran") { try await harness.store.deliveries(state: .dead, afterId: nil, limit: 10).count == 1 }
            }
            _ = try await feed.retry(deliveryId: dead.id)
            try await eventually("delivered after the retry") { log.delivered.count == 1 }
            await dispatcher.stop()
            try await receiver.server.stop()
        }
    }

    /// A daemon killed mid-delivery leaves its lease behind (nothing records the attempt):
    /// no other daemon takes the delivery while it is leased, and the restarted daemon (same
    /// node) releases its own leases and sends it again. The process-level version, with
    /// `kill -9`, is in StreamSidecarTests.
    @Test func aRestartedDaemonSendsWhatWasInFlight() async throws {
        try await withHarness { harness in
            let (receiver, log) = try await Receiver.start()
            let endpoint = receiver.url.absoluteString
            try await registerEndpoints(harness, [receiver.url])
            _ = try await harness.makeRoom("r1")
            let inFlight = try await harness.store.claimDeliveries(DeliveryClaim(
                endpoints: [endpoint], owner: "test-node", now: Date(), lease: .seconds(600), limit: 10))
            #expect(inFlight.count == 1, "the crashed run had claimed it")
            let other = try await harness.store.claimDeliveries(DeliveryClaim(
                endpoints: [endpoint], owner: "other-node", now: Date(), lease: .seconds(1), limit: 10))
            #expect(other.isEmpty, "another daemon does not take a delivery that is still leased")

            let restarted = try RunningDispatcher.start(harness, endpoints: [receiver.url], node: "test-node", http: http)
            try await eventually("sent after the restart") { log.delivered.count == 1 }
            try await eventually("and recorded as delivered") {
                try await harness.store.outboxStats(endpoints: [endpoint]).depth == 0
            }
            #expect(log.delivered[0].id == "evt_\(inFlight[0].event.id)")
            await restarted.stop()
            try await receiver.server.stop()
        }
    }
}
