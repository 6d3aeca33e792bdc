import Foundation
import SidecarCore
import SidecarTestSupport
import Testing

/// Failure point 3 of the platform's design: a query arriving while a room is being set up
/// or is changing state must see the room before or after the change, never half of it.
@Suite("Queries during changes")
struct TornStateTests {
    @Test("reads racing creation see nothing or the whole room")
    func createRace() async throws {
        let h = try await SidecarHarness(readyAfter: 1000)
        defer { h.remove() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<40 {
                group.addTask { _ = try await h.makeRoom("room-\(i)", owner: "user-\(i)") }
                group.addTask {
                    for _ in 0..<5 {
                        do {
                            let view = try await h.rooms.get(roomId: "room-\(i)")
                            #expect(view.owner == "user-\(i)" && !view.liveId.isEmpty && view.status == .idle)
                        } catch let error as SidecarError {
                            #expect(error.code == .notFound)
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    @Test("reads racing publish/unpublish cycles always see a consistent room")
    func transitionRace() async throws {
        let h = try await SidecarHarness(readyAfter: 1000)
        defer { h.remove() }
        let room = try await h.makeRoom()
        let key = room.streamKey!
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for i in 0..<100 {
                    _ = await PublishTests.publish(h, room, param: "?key=\(key)", client: "c\(i)")
                    await h.hooks.unpublish(StreamEndRequest(app: "live", stream: room.liveId, clientId: "c\(i)"))
                }
            }
            for _ in 0..<4 {
                group.addTask {
                    for _ in 0..<100 {
                        let view = try await h.rooms.get(roomId: room.roomId)
                        #expect((view.status == .live) == (view.publisher != nil))
                        #expect(!view.playable || view.status == .live)
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(try await h.rooms.get(roomId: room.roomId).status == .idle)
    }
}
