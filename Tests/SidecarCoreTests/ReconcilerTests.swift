import Foundation
import SidecarCore
import SidecarTestSupport
import Testing

/// The pure decision: our live rooms and viewers against what SRS lists.
@Suite("Reconciler decision table")
struct ReconcilerTests {
    static let server = "vid-pq6240v"
    static let service = "2l022j17"
    static let old = Date(timeIntervalSince1970: 1_000)
    static let settled = Date(timeIntervalSince1970: 2_000)

    static func live(_ id: String, liveId: String, publisher: String, server: String? = server, since: Date = old) -> Room {
        Room(
            id: id, owner: "owner-\(id)", liveId: liveId, keyHash: "", createdAt: old, status: .live, statusSince: since,
            publisher: Publisher(clientId: publisher, ip: "127.0.0.1", since: since, serverId: server, serviceId: service, sessionId: "s-\(id)"))
    }

    static let empty = ScriptedInventory.empty()

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var rooms: [Room]
        var snapshot: MediaServerSnapshot
        var reconnecting: Set<String> = []
        var idle: [String] = []
        var kick: [String] = []
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "publisher streaming: nothing to do",
             rooms: [live("r1", liveId: "room1", publisher: "a1982t52")], snapshot: empty.publishing("room1", by: "a1982t52")),
        Case(name: "publisher connected, its stream not active yet (on_publish in flight): nothing",
             rooms: [live("r1", liveId: "room1", publisher: "a1982t52")],
             snapshot: MediaServerSnapshot(serverId: server, serviceId: service, streams: [], clients: [
                 MediaClient(id: "a1982t52", role: .publisher, app: "live", stream: "room1")])),
        Case(name: "publisher gone (on_unpublish lost): idle",
             rooms: [live("r1", liveId: "room1", publisher: "a1982t52")], snapshot: empty, idle: ["r1"]),
        Case(name: "publisher's id still connected, but as a player: idle",
             rooms: [live("r1", liveId: "room1", publisher: "a1982t52")], snapshot: empty.playing("room1", by: "a1982t52"), idle: ["r1"]),
        Case(name: "another client publishes the room's stream: idle, and that client is kicked",
             rooms: [live("r1", liveId: "room1", publisher: "a1982t52")], snapshot: empty.publishing("room1", by: "z78do27r"),
             idle: ["r1"], kick: ["z78do27r"]),
        Case(name: "publisher gone inside its reconnect window: left to the window",
             rooms: [live("r1", liveId: "room1", publisher: "a1982t52")], snapshot: empty, reconnecting: ["r1"]),
        Case(name: "live on another media server (shared store): not ours to judge",
             rooms: [live("r1", liveId: "room1", publisher: "a1982t52", server: "vid-other")], snapshot: empty),
        Case(name: "publisher without a server id (another dialect): judged here",
             rooms: [live("r1", liveId: "room1", publisher: "a1982t52", server: nil)], snapshot: empty, idle: ["r1"]),
        Case(name: "publisher accepted after the settle time: not judged by absence",
             rooms: [live("r1", liveId: "room1", publisher: "a1982t52", since: Date(timeIntervalSince1970: 3_000))], snapshot: empty),
        Case(name: "a list cut at the page size: absence proves nothing, but kicks still happen",
             rooms: [live("r1", liveId: "room1", publisher: "a1982t52")],
             snapshot: { var s = empty.publishing("room2", by: "z78do27r"); s.isComplete = false; return s }(),
             kick: ["z78do27r"]),
        Case(name: "a stream no room has: kicked",
             rooms: [], snapshot: empty.publishing("nosuchroom", by: "z78do27r"), kick: ["z78do27r"]),
        Case(name: "a stream of an idle room (never accepted): kicked",
             rooms: [], snapshot: empty.publishing("room1", by: "a1982t52"), kick: ["a1982t52"]),
        Case(name: "a stream in another app: not ours",
             rooms: [], snapshot: empty.publishing("room1", by: "a1982t52", app: "other")),
        Case(name: "after an SRS restart nothing is listed: every room goes idle at once",
             rooms: [live("r1", liveId: "room1", publisher: "a1982t52"), live("r2", liveId: "room2", publisher: "z78do27r")],
             snapshot: ScriptedInventory.empty(service: "y96l8r66"), idle: ["r1", "r2"]),
    ]

    @Test(arguments: cases)
    func rooms(_ c: Case) {
        let corrections = Reconciler.corrections(.init(
            liveRooms: c.rooms, viewers: [], snapshot: c.snapshot, app: "live", reconnecting: c.reconnecting,
            settledBefore: Self.settled))
        #expect(corrections.idle.map(\.roomId) == c.idle)
        #expect(corrections.kick.map(\.clientId) == c.kick)
        #expect(corrections.viewers.isEmpty)
        for gone in corrections.idle {
            let room = c.rooms.first { $0.id == gone.roomId }
            #expect(gone.sessionId == room?.publisher?.sessionId && gone.clientId == room?.publisher?.clientId)
        }
    }

    @Test("viewers SRS no longer lists are dropped; listed, young, or unknowable ones stay")
    func viewers() {
        let room = Self.live("r1", liveId: "room1", publisher: "a1982t52")
        let sessions = [
            ViewerSession(roomId: "r1", clientId: "j0232x27", kind: "rtmp", ip: "127.0.0.1", since: Self.old),
            ViewerSession(roomId: "r1", clientId: "q5i0591g", kind: "hls", ip: "127.0.0.1", since: Self.old),
            ViewerSession(roomId: "r1", clientId: "bm2n9kl8", kind: "flv", ip: "127.0.0.1", since: Date(timeIntervalSince1970: 3_000)),
        ]
        let snapshot = Self.empty.publishing("room1", by: "a1982t52").playing("room1", by: "j0232x27")
        let input = Reconciler.Input(liveRooms: [room], viewers: sessions, snapshot: snapshot, app: "live", settledBefore: Self.settled)
        #expect(Reconciler.corrections(input).viewers.map(\.clientId) == ["q5i0591g"])

        var incomplete = input
        incomplete.snapshot.isComplete = false
        #expect(Reconciler.corrections(incomplete).viewers.isEmpty)
    }

    @Test("only the room's own live publisher is accepted")
    func accepted() {
        let room = Self.live("r1", liveId: "room1", publisher: "a1982t52")
        #expect(Reconciler.isAccepted(room, clientId: "a1982t52"))
        #expect(!Reconciler.isAccepted(room, clientId: "z78do27r"))
        #expect(!Reconciler.isAccepted(nil, clientId: "a1982t52"))
        var idle = room
        idle.status = .idle
        #expect(!Reconciler.isAccepted(idle, clientId: "a1982t52"))
    }
}
