import Foundation
import SidecarCore
import SidecarTestSupport
import Testing

/// `ConnectionService` with the real SQLite store, a recording mixer and a mix readiness the
/// test switches: requests, the guest's and the mixer's publishes through `HookService`,
/// the playback switch, and every way a connection ends.
@Suite("Connections: requests, admission, playback switch, endings")
struct ConnectionServiceTests {
    /// A live room "room-1" owned by alice.
    static func liveRoom(_ h: SidecarHarness) async throws -> RoomView {
        let room = try await h.makeRoom()
        #expect(await PublishTests.publish(h, room, param: "?key=\(room.streamKey!)", client: "host-1").allowed)
        return room
    }

    static func publish(_ h: SidecarHarness, _ liveId: String, _ param: String, client: String) async -> HookDecision {
        await h.hooks.publish(PublishRequest(app: "live", stream: liveId, clientId: client, ip: "127.0.0.1", params: HookParams(param)))
    }

    static func unpublish(_ h: SidecarHarness, _ liveId: String, client: String) async {
        await h.hooks.unpublish(StreamEndRequest(app: "live", stream: liveId, clientId: client))
    }

    /// The mixer's credential, as the recording mixer was given it in the output URL.
    static func mixerKey(_ h: SidecarHarness, _ id: String) throws -> String {
        let spec = try #require(h.mixer.running(id))
        return try #require(spec.outputURL.split(separator: "?key=").last.map(String.init))
    }

    static func eventTypes(_ h: SidecarHarness) async throws -> [String] {
        try await h.store.events(afterId: 0, limit: 1000).map(\.type)
    }

    /// Requested, the guest publishing, the mixer publishing and the mix playable: active.
    static func activeConnection(_ h: SidecarHarness) async throws -> (RoomView, ConnectionView) {
        let room = try await liveRoom(h)
        let requested = try await h.connections.request(roomId: room.roomId, guest: "bob")
        #expect(await publish(h, requested.guestLiveId, "?key=\(requested.guestKey!)", client: "guest-1").allowed)
        let key = try mixerKey(h, requested.connectionId)
        #expect(await publish(h, requested.mix.liveId, "?key=\(key)", client: "mix-1").allowed)
        h.mixReadiness.setReady(true)
        try await waitUntil { try await h.connections.get(roomId: room.roomId, connectionId: requested.connectionId).state == .active }
        return (room, requested)
    }

    @Test("a request needs a live room, a valid guest who is not banned, and no other open connection")
    func requestRules() async throws {
        let h = try await SidecarHarness()
        defer { h.remove() }
        let room = try await h.makeRoom()
        await #expect(throws: SidecarError(.conflict, "room room-1 is not live")) {
            _ = try await h.connections.request(roomId: room.roomId, guest: "bob")
        }
        #expect(await PublishTests.publish(h, room, param: "?key=\(room.streamKey!)", client: "host-1").allowed)
        await #expect(throws: SidecarError.self) { _ = try await h.connections.request(roomId: "nope", guest: "bob") }
        await #expect(throws: SidecarError.self) { _ = try await h.connections.request(roomId: room.roomId, guest: "bad name") }
        await #expect(throws: SidecarError.self) { _ = try await h.connections.request(roomId: room.roomId, guest: "alice") }
        _ = try await h.rooms.ban(owner: "mallory", reason: "spam", until: nil)
        do {
            _ = try await h.connections.request(roomId: room.roomId, guest: "mallory")
            Issue.record("a banned guest was accepted")
        } catch let error as SidecarError {
            #expect(error.code == .forbidden)
        }

        let view = try await h.connections.request(roomId: room.roomId, guest: "bob")
        #expect(view.state == .pending && view.reason == "requested")
        let key = try #require(view.guestKey)
        #expect(view.guestPublishURL == "rtmp://127.0.0.1/live/\(view.guestLiveId)?key=\(key)")
        #expect(Set([view.guestLiveId, view.mix.liveId, room.liveId]).count == 3)
        #expect(view.mix.hls == "http://127.0.0.1:8080/live/\(view.mix.liveId).m3u8")
        #expect(try await Self.eventTypes(h).last { $0.hasPrefix("connection.") } == "connection.requested")
        // The key is shown once: reading the connection again does not show it.
        let read = try await h.connections.get(roomId: room.roomId, connectionId: view.connectionId)
        #expect(read.guestKey == nil && read.guestPublishURL == nil)

        do {
            _ = try await h.connections.request(roomId: room.roomId, guest: "carol")
            Issue.record("a second open connection was accepted")
        } catch let error as SidecarError {
            #expect(error.code == .conflict)
        }
    }

    @Test("the guest publishes with its key only while the connection is open; then the mixer runs")
    func guestAdmission() async throws {
        let h = try await SidecarHarness()
        defer { h.remove() }
        let room = try await Self.liveRoom(h)
        let view = try await h.connections.request(roomId: room.roomId, guest: "bob")
        #expect(await Self.publish(h, view.guestLiveId, "?key=\(room.streamKey!)", client: "g0").code == .invalidKey)
        #expect(await Self.publish(h, view.guestLiveId, "?key=wrong", client: "g0").code == .invalidKey)
        #expect(await Self.publish(h, view.guestLiveId, "", client: "g0").code == .missingCredential)
        #expect(h.mixer.starts.isEmpty)

        #expect(await Self.publish(h, view.guestLiveId, "?key=\(view.guestKey!)", client: "g1").allowed)
        let mixing = try await h.connections.get(roomId: room.roomId, connectionId: view.connectionId)
        #expect(mixing.state == .mixing && mixing.guestLive && mixing.reason == "guest_published")
        let spec = try #require(h.mixer.running(view.connectionId))
        #expect(spec.hostLive && spec.guestLive)
        #expect(spec.hostURL.hasPrefix("rtmp://127.0.0.1/live/\(room.liveId)?key="))
        #expect(spec.guestURL.hasPrefix("rtmp://127.0.0.1/live/\(view.guestLiveId)?key="))
        #expect(spec.outputURL.hasPrefix("rtmp://127.0.0.1/live/\(view.mix.liveId)?key="))
        #expect(!spec.outputURL.contains(view.guestKey!) && !spec.outputURL.contains(room.streamKey!))
        // Only the connection's own events: the room's readiness check may report `room.playable` meanwhile.
        #expect(try await Self.eventTypes(h).filter { $0.hasPrefix("connection.") }.suffix(2) == ["connection.requested", "connection.started"])
        // The room's own state is the host's: the guest is not its publisher.
        let host = try await h.rooms.get(roomId: room.roomId)
        #expect(host.publisher?.clientId == "host-1" && host.playback.source == .host)

        // A second encoder does not steal the guest's place while the first is connected.
        h.media.connect("g1")
        #expect(await Self.publish(h, view.guestLiveId, "?key=\(view.guestKey!)", client: "g2").code == .busy)
        #expect(await h.hooks.continuePublish(StreamEndRequest(app: "live", stream: view.guestLiveId, clientId: "g1")).allowed)
    }

    @Test("only the mixer's credential publishes the mix; the mixer reads the host without counting as a viewer")
    func mixerCredential() async throws {
        let h = try await SidecarHarness()
        defer { h.remove() }
        let room = try await Self.liveRoom(h)
        let view = try await h.connections.request(roomId: room.roomId, guest: "bob")
        #expect(await Self.publish(h, view.mix.liveId, "?key=\(view.guestKey!)", client: "m0").code == .invalidKey)
        #expect(await Self.publish(h, view.guestLiveId, "?key=\(view.guestKey!)", client: "g1").allowed)
        let key = try Self.mixerKey(h, view.connectionId)
        #expect(await Self.publish(h, view.mix.liveId, "?key=\(room.streamKey!)", client: "m0").code == .invalidKey)
        #expect(await Self.publish(h, view.mix.liveId, "?key=\(key)", client: "m1").allowed)
        #expect(try await h.connections.get(roomId: room.roomId, connectionId: view.connectionId).mixLive)

        func play(_ liveId: String, _ param: String, client: String) async -> HookDecision {
            await h.hooks.play(PlayRequest(app: "live", stream: liveId, clientId: client, ip: "127.0.0.1", params: HookParams(param), kind: .rtmp))
        }
        #expect(await play(room.liveId, "?key=\(key)", client: "mixer-host").allowed)
        #expect(await play(view.guestLiveId, "?key=\(key)", client: "mixer-guest").allowed)
        #expect(await play(view.guestLiveId, "", client: "snoop").code == .invalidKey)
        #expect(await play(view.mix.liveId, "", client: "viewer-1").allowed)
        #expect(try await h.rooms.get(roomId: room.roomId).viewers == 1, "only the mix's viewer counts")
        await h.hooks.stop(StreamEndRequest(app: "live", stream: view.mix.liveId, clientId: "viewer-1"))
        #expect(try await h.rooms.get(roomId: room.roomId).viewers == 0)
    }

    @Test("playback moves to the mix only once it is playable, and back when the host ends the connection")
    func playbackSwitch() async throws {
        let h = try await SidecarHarness()
        defer { h.remove() }
        let room = try await Self.liveRoom(h)
        let view = try await h.connections.request(roomId: room.roomId, guest: "bob")
        #expect(await Self.publish(h, view.guestLiveId, "?key=\(view.guestKey!)", client: "g1").allowed)
        // Playable, but the mixer is not publishing: an old playlist is not the mix.
        h.mixReadiness.setReady(true)
        try await Task.sleep(for: .milliseconds(100))
        #expect(try await h.rooms.get(roomId: room.roomId).playback.source == .host)
        let key = try Self.mixerKey(h, view.connectionId)
        #expect(await Self.publish(h, view.mix.liveId, "?key=\(key)", client: "m1").allowed)
        try await waitUntil { try await h.rooms.get(roomId: room.roomId).playback.source == .mix }
        let playing = try await h.rooms.get(roomId: room.roomId)
        #expect(playing.playback.liveId == view.mix.liveId && playing.playback.hls == view.mix.hls)
        let active = try await h.connections.get(roomId: room.roomId, connectionId: view.connectionId)
        #expect(active.state == .active && active.reason == "mix_playable")
        #expect(active.mixer?.pid == 4242)

        h.media.connect("g1")
        let ended = try await h.connections.end(roomId: room.roomId, connectionId: view.connectionId)
        #expect(ended.state == .ended && ended.reason == "host_ended" && ended.endedAt != nil)
        #expect(h.mixer.stops == [view.connectionId])
        #expect(h.media.kicks == ["g1"], "the guest is dropped")
        #expect(try await h.rooms.get(roomId: room.roomId).playback.source == .host)
        let types = try await Self.eventTypes(h).filter { $0.hasPrefix("connection.") || $0 == "room.playback_changed" }
        #expect(types == ["connection.requested", "connection.started", "room.playback_changed", "room.playback_changed", "connection.ended"])
        // Its key is revoked and its streams are closed.
        #expect(await Self.publish(h, view.guestLiveId, "?key=\(view.guestKey!)", client: "g3").code == .unknownStream)
        #expect(await Self.publish(h, view.mix.liveId, "?key=\(key)", client: "m2").code == .unknownStream)
        #expect(await h.hooks.continuePublish(StreamEndRequest(app: "live", stream: view.guestLiveId, clientId: "g1")).allowed == false)
        // Ending twice answers the ended connection again.
        #expect(try await h.connections.end(roomId: room.roomId, connectionId: view.connectionId).state == .ended)
        // A new connection may follow.
        #expect(try await h.connections.request(roomId: room.roomId, guest: "carol").state == .pending)
    }

    @Test("the guest drops: the mix goes on with a placeholder, then past the grace the connection ends")
    func guestLeaves() async throws {
        let h = try await SidecarHarness(connectionSettings: .init(grace: .milliseconds(300), watchInterval: .milliseconds(20)))
        defer { h.remove() }
        let (room, view) = try await Self.activeConnection(h)
        await Self.unpublish(h, view.guestLiveId, client: "guest-1")
        #expect(h.mixer.running(view.connectionId)?.guestLive == false, "restarted with a placeholder")
        #expect(try await h.rooms.get(roomId: room.roomId).playback.source == .mix, "viewers stay on the mix during the grace")
        // The ended state is committed (and readable) a moment before the watch that wrote it
        // stops the mixer: wait for both.
        try await waitUntil {
            try await h.connections.get(roomId: room.roomId, connectionId: view.connectionId).state == .ended
                && h.mixer.running(view.connectionId) == nil
        }
        let ended = try await h.connections.get(roomId: room.roomId, connectionId: view.connectionId)
        #expect(ended.reason == "guest_left")
        #expect(try await h.rooms.get(roomId: room.roomId).playback.source == .host)
    }

    @Test("the guest comes back inside the grace: mixed again, nothing ends")
    func guestReturns() async throws {
        let h = try await SidecarHarness(connectionSettings: .init(grace: .milliseconds(400), watchInterval: .milliseconds(20)))
        defer { h.remove() }
        let (room, view) = try await Self.activeConnection(h)
        await Self.unpublish(h, view.guestLiveId, client: "guest-1")
        #expect(await Self.publish(h, view.guestLiveId, "?key=\(view.guestKey!)", client: "guest-2").allowed)
        #expect(h.mixer.running(view.connectionId)?.guestLive == true)
        try await Task.sleep(for: .milliseconds(700))
        #expect(try await h.connections.get(roomId: room.roomId, connectionId: view.connectionId).state == .active)
    }

    @Test("the mixer's output drops past the grace: viewers go back to the host until the mix is playable again")
    func mixInterrupted() async throws {
        let h = try await SidecarHarness(connectionSettings: .init(grace: .milliseconds(200), watchInterval: .milliseconds(20)))
        defer { h.remove() }
        let (room, view) = try await Self.activeConnection(h)
        h.mixReadiness.setReady(false)
        await Self.unpublish(h, view.mix.liveId, client: "mix-1")
        try await waitUntil { try await h.rooms.get(roomId: room.roomId).playback.source == .host }
        #expect(try await h.connections.get(roomId: room.roomId, connectionId: view.connectionId).reason == "mix_interrupted")
        let key = try Self.mixerKey(h, view.connectionId)
        #expect(await Self.publish(h, view.mix.liveId, "?key=\(key)", client: "mix-2").allowed)
        h.mixReadiness.setReady(true)
        try await waitUntil { try await h.rooms.get(roomId: room.roomId).playback.source == .mix }
    }

    @Test("a guest who never publishes: the connection times out")
    func pendingTimeout() async throws {
        let h = try await SidecarHarness(connectionSettings: .init(pendingTimeout: .milliseconds(200)))
        defer { h.remove() }
        let room = try await Self.liveRoom(h)
        let view = try await h.connections.request(roomId: room.roomId, guest: "bob")
        try await waitUntil { try await h.connections.get(roomId: room.roomId, connectionId: view.connectionId).state == .ended }
        #expect(try await h.connections.get(roomId: room.roomId, connectionId: view.connectionId).reason == "pending_timeout")
        #expect(await Self.publish(h, view.guestLiveId, "?key=\(view.guestKey!)", client: "g1").code == .unknownStream)
    }

    @Test("the host's room goes idle past the grace, the room closes, the guest is banned: each ends the connection")
    func outsideEndings() async throws {
        let h = try await SidecarHarness(connectionSettings: .init(grace: .milliseconds(200), watchInterval: .milliseconds(20)))
        defer { h.remove() }
        let (room, view) = try await Self.activeConnection(h)
        await Self.unpublish(h, room.liveId, client: "host-1")
        #expect(h.mixer.running(view.connectionId)?.hostLive == false, "a placeholder for the host")
        try await waitUntil { try await h.connections.get(roomId: room.roomId, connectionId: view.connectionId).state == .ended }
        #expect(try await h.connections.get(roomId: room.roomId, connectionId: view.connectionId).reason == "host_left")

        #expect(await PublishTests.publish(h, room, param: "?key=\(room.streamKey!)", client: "host-2").allowed)
        let banned = try await h.connections.request(roomId: room.roomId, guest: "bob")
        _ = try await h.rooms.ban(owner: "bob", reason: "abuse", until: nil)
        #expect(try await h.connections.get(roomId: room.roomId, connectionId: banned.connectionId).reason == "guest_banned")

        let closing = try await h.connections.request(roomId: room.roomId, guest: "carol")
        _ = try await h.rooms.close(roomId: room.roomId)
        let closed = try #require(try await h.store.connection(id: closing.connectionId))
        #expect(closed.state == .ended && closed.reason == "room_closed")
    }

    @Test("reconciliation leaves the guest and the mixer alone, and kicks strangers on their streams")
    func reconciliation() async throws {
        let h = try await SidecarHarness()
        defer { h.remove() }
        let (room, view) = try await Self.activeConnection(h)
        h.inventory.set(MediaServerSnapshot(serverId: "srs-1", serviceId: "svc-1", streams: [
            .init(app: "live", name: room.liveId, publisherClientId: "host-1"),
            .init(app: "live", name: view.guestLiveId, publisherClientId: "guest-1"),
            .init(app: "live", name: view.mix.liveId, publisherClientId: "mix-1"),
            .init(app: "live", name: view.guestLiveId + "x", publisherClientId: "stranger"),
        ], clients: [
            .init(id: "host-1", role: .publisher), .init(id: "guest-1", role: .publisher), .init(id: "mix-1", role: .publisher),
        ]))
        h.media.connect("stranger")
        let report = await h.reconciler.reconcile()
        #expect(report.publishersKicked == ["stranger"])
        #expect(report.roomsIdled.isEmpty)

        // Ended: its mixer and guest are being wound down by the service, not by reconciliation.
        _ = try await h.connections.end(roomId: room.roomId, connectionId: view.connectionId)
        h.media.connect("stranger")
        #expect(await h.reconciler.reconcile().publishersKicked == ["stranger"])
    }

    @Test("a restarted sidecar ends the connections it ran")
    func recover() async throws {
        let h = try await SidecarHarness()
        defer { h.remove() }
        let room = try await Self.liveRoom(h)
        let view = try await h.connections.request(roomId: room.roomId, guest: "bob")
        try await h.connections.recover()
        #expect(try await h.store.connection(id: view.connectionId)?.reason == "sidecar_restarted")
    }
}
