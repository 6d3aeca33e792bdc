import Foundation
import SidecarCore
import SidecarTestSupport
import Synchronization
import Testing

/// A clock the test moves: the event interval is then exact, however busy the machine.
final class ManualClock: Sendable {
    private let instant = Mutex(ContinuousClock.now)
    var now: ContinuousClock.Instant { instant.withLock { $0 } }
    func advance(by duration: Duration) { instant.withLock { $0 = $0.advanced(by: duration) } }
}

@Suite("viewers.changed events")
struct ViewerEventsTests {
    func viewer(_ client: String, room: String = "room-1") -> ViewerSession {
        ViewerSession(roomId: room, clientId: client, kind: "hls", ip: "10.0.0.1", since: Date())
    }

    func viewerEvents(_ harness: SidecarHarness) async throws -> [(room: String?, count: Int)] {
        try await harness.store.events(afterId: 0, limit: 1000).filter { $0.type == "viewers.changed" }.map { event in
            let payload = try JSONDecoder().decode(ViewersEventPayload.self, from: event.payload)
            return (event.roomId, payload.viewers)
        }
    }

    /// A registry of node n1 with a one-second event interval on a clock the test moves.
    func makeRegistry() async throws -> (SidecarHarness, ViewerRegistry, ManualClock) {
        let harness = try await SidecarHarness()
        let clock = ManualClock()
        return (harness, ViewerRegistry(store: harness.store, node: "n1", eventInterval: .seconds(1), now: { clock.now }), clock)
    }

    @Test("a flush reports changed counts in the same write, at most once per interval per room")
    func throttledPerRoom() async throws {
        let (harness, registry, clock) = try await makeRegistry()
        defer { harness.remove() }
        registry.add(viewer("a"))
        registry.add(viewer("b"))
        registry.add(viewer("x", room: "room-2"))
        try await registry.flush()
        var events = try await viewerEvents(harness)
        #expect(events.map(\.count).sorted() == [1, 2])

        registry.add(viewer("c"))
        try await registry.flush()
        #expect(try await viewerEvents(harness).count == 2, "throttled: room-1 was reported just now")

        clock.advance(by: .seconds(1))
        try await registry.flush()  // nothing new to write, but room-1's change is now due
        events = try await viewerEvents(harness)
        #expect(events.count == 3 && events.last?.room == "room-1" && events.last?.count == 3)

        // Joined and left between two reports: the count is back where it was, nothing to say.
        clock.advance(by: .seconds(1))
        registry.add(viewer("d"))
        registry.remove(ViewerKey(roomId: "room-1", clientId: "d"))
        try await registry.flush()
        #expect(try await viewerEvents(harness).count == 3)
    }

    @Test("a flush of more rooms than it counts at once reports each room once; throttled rooms wait")
    func manyRoomsPerFlush() async throws {
        let (harness, registry, clock) = try await makeRegistry()
        defer { harness.remove() }
        let rooms = (0..<300).map { "room-\($0)" }  // more than two of the flush's chunks
        for room in rooms { registry.add(viewer("a", room: room)) }
        try await registry.flush()
        var events = try await viewerEvents(harness)
        #expect(events.count == rooms.count && Set(events.compactMap(\.room)) == Set(rooms) && events.allSatisfy { $0.count == 1 })

        for room in rooms { registry.add(viewer("b", room: room)) }
        try await registry.flush()
        #expect(try await viewerEvents(harness).count == rooms.count, "throttled: every room was reported just now")
        #expect(try await harness.store.viewers(node: "n1").count == 2 * rooms.count, "the sessions are written all the same")

        clock.advance(by: .milliseconds(999))
        try await registry.flush()
        #expect(try await viewerEvents(harness).count == rooms.count, "still throttled a millisecond before the interval ends")
        clock.advance(by: .milliseconds(1))
        try await registry.flush()  // nothing new to write, but every room's change is now due
        events = try await viewerEvents(harness)
        #expect(events.count == 2 * rooms.count)
        #expect(Set(events.dropFirst(rooms.count).compactMap(\.room)) == Set(rooms) && events.dropFirst(rooms.count).allSatisfy { $0.count == 2 })
    }
}
