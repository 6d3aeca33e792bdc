import Foundation
import SidecarCore
import Testing

/// `ConnectionStateMachine` as a table: a connection in a state (with which sides are live),
/// an input, and the state, reason, effects and notices that follow. Nil: nothing changes.
@Suite("Connection state machine")
struct ConnectionStateMachineTests {
    struct Row: Sendable, CustomTestStringConvertible {
        var name: String
        var state: ConnectionState
        var host = true
        var guest = false
        var mix = false
        var input: ConnectionInput
        /// nil: the input changes nothing.
        var expect: Expected?

        struct Expected: Sendable {
            var state: ConnectionState
            var reason: String? = nil
            var effects: [ConnectionEffect] = []
            var notices: [ConnectionNotice] = []
            var host: Bool? = nil
            var guest: Bool? = nil
            var mix: Bool? = nil
        }

        var testDescription: String { name }
    }

    static let endEffects: [ConnectionEffect] = [
        .stopMixer, .stopWatchingMix, .cancelPendingTimeout, .cancelGrace(.host), .cancelGrace(.guest), .cancelGrace(.mix),
    ]

    static let rows: [Row] = [
        // pending
        Row(name: "pending: the guest publishes -> mixing, mixer started, mix watched", state: .pending,
            input: .guestPublished(clientId: "g1"),
            expect: .init(state: .mixing, reason: "guest_published",
                effects: [.cancelGrace(.guest), .cancelPendingTimeout, .runMixer(host: true, guest: true), .watchMix],
                notices: [.started], guest: true)),
        Row(name: "pending, host away: the guest publishes -> mixing with a placeholder for the host", state: .pending, host: false,
            input: .guestPublished(clientId: "g1"),
            expect: .init(state: .mixing, effects: [.cancelGrace(.guest), .cancelPendingTimeout, .runMixer(host: false, guest: true), .watchMix],
                notices: [.started])),
        Row(name: "pending: timeout -> ended", state: .pending, input: .pendingTimedOut,
            expect: .init(state: .ended, reason: "pending_timeout", effects: endEffects, notices: [.ended])),
        Row(name: "pending: the host leaves -> grace armed, still pending", state: .pending, input: .hostUnpublished,
            expect: .init(state: .pending, effects: [.armGrace(.host)], host: false)),
        Row(name: "pending: the host's grace ends -> ended", state: .pending, host: false, input: .graceExpired(.host),
            expect: .init(state: .ended, reason: "host_left", effects: endEffects, notices: [.ended])),
        Row(name: "pending: the host comes back -> grace cancelled", state: .pending, host: false, input: .hostPublished,
            expect: .init(state: .pending, effects: [.cancelGrace(.host)], host: true)),
        Row(name: "pending: the host ends it", state: .pending, input: .end(reason: "host_ended"),
            expect: .init(state: .ended, reason: "host_ended", effects: endEffects, notices: [.ended])),
        Row(name: "pending: a probe says playable -> nothing", state: .pending, input: .mixPlayable, expect: nil),
        Row(name: "pending: a mix publish -> nothing", state: .pending, input: .mixPublished(clientId: "m1"), expect: nil),
        Row(name: "pending: the guest's grace -> nothing", state: .pending, input: .graceExpired(.guest), expect: nil),

        // mixing
        Row(name: "mixing: the mixer publishes -> mix live", state: .mixing, guest: true, input: .mixPublished(clientId: "m1"),
            expect: .init(state: .mixing, effects: [.cancelGrace(.mix)], mix: true)),
        Row(name: "mixing: playable while the mix publishes -> active, playback to the mix", state: .mixing, guest: true, mix: true,
            input: .mixPlayable,
            expect: .init(state: .active, reason: "mix_playable", effects: [.stopWatchingMix], notices: [.playbackChanged(.mix)])),
        Row(name: "mixing: playable but the mixer is not publishing (an old playlist) -> nothing", state: .mixing, guest: true,
            input: .mixPlayable, expect: nil),
        Row(name: "mixing: the guest leaves -> placeholder for the guest, grace armed", state: .mixing, guest: true, mix: true,
            input: .guestUnpublished(clientId: "g1"),
            expect: .init(state: .mixing, effects: [.armGrace(.guest), .runMixer(host: true, guest: false)], guest: false)),
        Row(name: "mixing: another client's unpublish -> nothing", state: .mixing, guest: true,
            input: .guestUnpublished(clientId: "other"), expect: nil),
        Row(name: "mixing: the guest's grace ends -> ended", state: .mixing, guest: false, input: .graceExpired(.guest),
            expect: .init(state: .ended, reason: "guest_left", effects: endEffects, notices: [.ended])),
        Row(name: "mixing: the mixer's output drops -> waits for the restart", state: .mixing, guest: true, mix: true,
            input: .mixUnpublished(clientId: "m1"), expect: .init(state: .mixing, effects: [], mix: false)),
        Row(name: "mixing: the host leaves -> placeholder for the host", state: .mixing, guest: true,
            input: .hostUnpublished, expect: .init(state: .mixing, effects: [.armGrace(.host), .runMixer(host: false, guest: true)])),

        // active
        Row(name: "active: the guest leaves -> the mix goes on with a placeholder", state: .active, guest: true, mix: true,
            input: .guestUnpublished(clientId: "g1"),
            expect: .init(state: .active, effects: [.armGrace(.guest), .runMixer(host: true, guest: false)])),
        Row(name: "active: the guest comes back inside the grace -> mixed again", state: .active, guest: false, mix: true,
            input: .guestPublished(clientId: "g2"),
            expect: .init(state: .active, effects: [.cancelGrace(.guest), .runMixer(host: true, guest: true)], guest: true)),
        Row(name: "active: the guest's grace ends -> ended, playback back to the host", state: .active, guest: false, mix: true,
            input: .graceExpired(.guest),
            expect: .init(state: .ended, reason: "guest_left", effects: endEffects, notices: [.playbackChanged(.host), .ended])),
        Row(name: "active: the guest's grace ends but it is back -> nothing", state: .active, guest: true, mix: true,
            input: .graceExpired(.guest), expect: nil),
        Row(name: "active: the host's grace ends -> ended", state: .active, host: false, guest: true, mix: true,
            input: .graceExpired(.host),
            expect: .init(state: .ended, reason: "host_left",
                effects: endEffects + [.kickGuest(clientId: "g1")], notices: [.playbackChanged(.host), .ended])),
        Row(name: "active: the mixer's output drops -> viewers stay, grace armed", state: .active, guest: true, mix: true,
            input: .mixUnpublished(clientId: "m1"), expect: .init(state: .active, effects: [.armGrace(.mix)], mix: false)),
        Row(name: "active: the mixer is back inside the grace", state: .active, guest: true, mix: false,
            input: .mixPublished(clientId: "m2"), expect: .init(state: .active, effects: [.cancelGrace(.mix)], mix: true)),
        Row(name: "active: the mix stays away past the grace -> mixing, playback back to the host", state: .active, guest: true,
            mix: false, input: .graceExpired(.mix),
            expect: .init(state: .mixing, reason: "mix_interrupted", effects: [.watchMix], notices: [.playbackChanged(.host)])),
        Row(name: "active: the host ends it -> the guest is dropped, playback to the host", state: .active, guest: true, mix: true,
            input: .end(reason: "host_ended"),
            expect: .init(state: .ended, reason: "host_ended", effects: endEffects + [.kickGuest(clientId: "g1")],
                notices: [.playbackChanged(.host), .ended])),
        Row(name: "active: the room closes", state: .active, guest: true, mix: true, input: .end(reason: "room_closed"),
            expect: .init(state: .ended, reason: "room_closed", effects: endEffects + [.kickGuest(clientId: "g1")],
                notices: [.playbackChanged(.host), .ended])),
        Row(name: "active: a duplicate playable -> nothing", state: .active, guest: true, mix: true, input: .mixPlayable, expect: nil),
        Row(name: "active: a duplicate guest publish -> nothing", state: .active, guest: true, mix: true,
            input: .guestPublished(clientId: "g1"), expect: nil),
        Row(name: "active: a pending timeout fires late -> nothing", state: .active, guest: true, mix: true,
            input: .pendingTimedOut, expect: nil),

        // ended
        Row(name: "ended: a guest publish -> nothing", state: .ended, input: .guestPublished(clientId: "g1"), expect: nil),
        Row(name: "ended: ended again -> nothing", state: .ended, input: .end(reason: "host_ended"), expect: nil),
        Row(name: "ended: a late grace -> nothing", state: .ended, host: false, input: .graceExpired(.host), expect: nil),
    ]

    static func connection(_ row: Row) -> Connection {
        let t0 = Date(timeIntervalSince1970: 1_000)
        return Connection(
            id: "c1", roomId: "r1", hostLiveId: "host", guest: "bob", guestLiveId: "guest", guestKeyHash: "hash",
            mixLiveId: "mix", state: row.state, stateSince: t0, hostLive: row.host, guestLive: row.guest,
            guestClientId: row.guest ? "g1" : nil, mixLive: row.mix, mixClientId: row.mix ? "m1" : nil, node: "n1",
            createdAt: t0, pendingUntil: t0.addingTimeInterval(60))
    }

    @Test(arguments: rows)
    func transition(_ row: Row) throws {
        let now = Date(timeIntervalSince1970: 2_000)
        let before = Self.connection(row)
        let result = ConnectionStateMachine.apply(row.input, to: before, now: now)
        guard let expected = row.expect else {
            #expect(result == nil)
            return
        }
        let transition = try #require(result)
        let after = transition.connection
        #expect(after.state == expected.state)
        #expect(transition.effects == expected.effects)
        #expect(transition.notices == expected.notices)
        if let host = expected.host { #expect(after.hostLive == host) }
        if let guest = expected.guest { #expect(after.guestLive == guest) }
        if let mix = expected.mix { #expect(after.mixLive == mix) }
        if after.state != before.state {
            #expect(after.reason == expected.reason ?? after.reason)
            #expect(after.stateSince == now)
        } else {
            #expect(after.reason == before.reason && after.stateSince == before.stateSince)
        }
        if after.state == .ended {
            #expect(after.endedAt == now)
            #expect(after.guestKeyHash.isEmpty, "ending revokes the guest's key")
            #expect(!after.guestLive && !after.mixLive)
        }
    }

    /// Every open state can be ended, and an ended connection never changes again.
    @Test(arguments: ConnectionState.allCases)
    func endIsFinal(_ state: ConnectionState) {
        let now = Date(timeIntervalSince1970: 2_000)
        let row = Row(name: "", state: state, input: .end(reason: "x"))
        let ended = ConnectionStateMachine.apply(.end(reason: "x"), to: Self.connection(row), now: now)
        #expect((ended == nil) == (state == .ended))
        if let ended {
            let inputs: [ConnectionInput] = [
                .guestPublished(clientId: "g9"), .hostPublished, .hostUnpublished, .mixPublished(clientId: "m9"), .mixPlayable,
                .graceExpired(.host), .graceExpired(.guest), .graceExpired(.mix), .pendingTimedOut, .end(reason: "y"),
            ]
            for input in inputs { #expect(ConnectionStateMachine.apply(input, to: ended.connection, now: now) == nil) }
        }
    }
}
