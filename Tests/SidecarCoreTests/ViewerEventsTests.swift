import Foundation
import SidecarCore
import SidecarTestSupport
import Testing

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

    @Test("a flush reports changed counts in the same write, at most once per interval per room")
    func throttledPerRoom() async throws {
        let harness = try await SidecarHarness()
        defer { harness.remove() }
        // Long enough that the second flush surely comes within it on a busy machine running
        // the whole suite in parallel (300 ms was not).
        let registry = ViewerRegistry(store: harness.store, node: "n1", eventInterval: .seconds(1))
        registry.add(viewer("a"))
        registry.add(viewer("b"))
        registry.add(viewer("x", room: "room-2"))
        try await registry.flush()
        var events = try await viewerEvents(harness)
        #expect(events.map(\.count).sorted() == [1, 2])

        registry.add(viewer("c"))
        try await registry.flush()
        #expect(try await viewerEvents(harness).count == 2, "throttled: room-1 was reported just now")

        try await Task.sleep(for: .milliseconds(1_050))
        try await registry.flush()  // nothing new to write, but room-1's change is now due
        events = try await viewerEvents(harness)
        #expect(events.count == 3 && events.last?.room == "room-1" && events.last?.count == 3)

        // Joined and left between two reports: the count is back where it was, nothing to say.
        try await Task.sleep(for: .milliseconds(1_050))
        registry.add(viewer("d"))
        registry.remove(ViewerKey(roomId: "room-1", clientId: "d"))
        try await registry.flush()
        #expect(try await viewerEvents(harness).count == 3)
    }
}
