import Foundation
import Testing

@testable import SidecarCore

/// Room events' payloads are written without `JSONEncoder`; they must be the JSON the encoder
/// writes (the platform verifies webhook signatures over these bytes, and older events in the
/// outbox were written by the encoder).
@Suite struct RoomEventPayloadTests {
    private static func room(publisher: Publisher?, owner: String = "alice", status: RoomStatus = .live, playable: Bool = false) -> Room {
        Room(
            id: "room-1", owner: owner, liveId: "abcdefghij234567abcd", keyHash: "hash", createdAt: Date(timeIntervalSince1970: 0),
            status: status, statusSince: Date(timeIntervalSince1970: 5), publisher: publisher, playable: playable)
    }

    private static func publisher(since: Date, clientId: String = "3h81k4x2", ip: String = "192.168.1.20") -> Publisher {
        Publisher(clientId: clientId, ip: ip, since: since, streamId: "vid-1", serverId: "s", serviceId: "v", sessionId: "sessionsessionsessio")
    }

    static let payloads: [RoomEventPayload] = [
        RoomEventPayload(room(publisher: nil, status: .idle)),
        RoomEventPayload(room(publisher: publisher(since: Date(timeIntervalSince1970: 1_795_449_600.75)), playable: true)),
        RoomEventPayload(room(publisher: publisher(since: Date(timeIntervalSince1970: 951_782_400))), reason: "playlist_unreachable: refused"),
        RoomEventPayload(room(publisher: publisher(since: Date(timeIntervalSince1970: 4_107_542_399.999))), reconciled: true),
        RoomEventPayload(room(publisher: nil, status: .idle), reason: "kicked", reconciled: false),
        RoomEventPayload(room(publisher: publisher(since: Date(timeIntervalSince1970: 68_169_600), clientId: #"q"uote\"#, ip: "::1"), owner: "ünï@x")),
        RoomEventPayload(room(publisher: nil, owner: "a/b", status: .idle), reason: "line\nbreak \u{01} and \"quotes\" 🎥"),
    ]

    @Test("the hand-written JSON is the encoder's, byte for byte", arguments: payloads)
    func sameBytesAsTheEncoder(_ payload: RoomEventPayload) throws {
        let encoded = try EventDraft.encoder.encode(payload)
        #expect(String(decoding: payload.json(), as: UTF8.self) == String(decoding: encoded, as: UTF8.self))
    }

    @Test("dates on every day of four years, leap days and year ends included, match the encoder")
    func datesMatchTheEncoder() throws {
        // 2023-12-31 to 2028-01-02, one date a day at a varying time of day.
        var seconds = 1_703_980_800.0
        for day in 0..<(4 * 366 + 3) {
            let date = Date(timeIntervalSince1970: seconds + Double(day * 86_400) + Double(day * 7_919 % 86_400) + 0.5)
            let encoded = try EventDraft.encoder.encode([date])
            #expect(String(decoding: encoded, as: UTF8.self) == #"[""# + ISO8601Seconds.string(date) + #""]"#)
        }
        seconds = 0
        #expect(ISO8601Seconds.string(Date(timeIntervalSince1970: seconds)) == "1970-01-01T00:00:00Z")
    }
}
