import Foundation
import SidecarCore
import SidecarTestSupport
import Testing

/// The newest event in the outbox, with its payload decoded when it is a room event.
func lastEvent(_ h: SidecarHarness) async throws -> (type: String, payload: RoomEventPayload?) {
    let event = try #require(try await h.store.events(afterId: 0, limit: 1000).last)
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = .iso8601
    return (event.type, try? decoder.decode(RoomEventPayload.self, from: event.payload))
}
