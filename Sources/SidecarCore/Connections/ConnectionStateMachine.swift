import Foundation

/// What can happen to a connection.
public enum ConnectionInput: Sendable, Equatable {
    case guestPublished(clientId: String)
    case guestUnpublished(clientId: String)
    case hostPublished
    case hostUnpublished
    case mixPublished(clientId: String)
    case mixUnpublished(clientId: String)
    /// HLSProbe found the mix playable.
    case mixPlayable
    /// A side stayed away for the whole grace period.
    case graceExpired(ConnectionSide)
    case pendingTimedOut
    /// Ended from outside: the host (API), the room closed, the guest banned, a restart.
    case end(reason: String)
}

/// What the service does after a transition is committed. The state machine only names
/// them; `ConnectionService` carries them out.
public enum ConnectionEffect: Sendable, Equatable {
    /// Starts the mixer, or restarts it with these inputs live (a placeholder for the others).
    case runMixer(host: Bool, guest: Bool)
    case stopMixer
    /// Probes the mix's HLS until it is playable.
    case watchMix
    case stopWatchingMix
    case armGrace(ConnectionSide)
    case cancelGrace(ConnectionSide)
    case cancelPendingTimeout
    /// Disconnects the guest's publisher (its key no longer works either).
    case kickGuest(clientId: String)
}

/// Events reported to the platform, written in the same transaction as the change.
public enum ConnectionNotice: Sendable, Equatable {
    case started
    case ended
    /// `room.playback_changed`: viewers should now play the mix, or the host again.
    case playbackChanged(PlaybackSource)
}

/// What viewers of a room play.
public enum PlaybackSource: String, Sendable, Codable, Equatable {
    case host
    case mix
}

/// One transition: the connection after it, what to do and what to report.
public struct ConnectionTransition: Sendable, Equatable {
    public var connection: Connection
    public var effects: [ConnectionEffect]
    public var notices: [ConnectionNotice]
}

/// The connection's life as a pure function: state × input → state + effects, each state
/// change with a reason. No I/O, no clock of its own: tested as a table.
///
///     pending --guest publishes--> mixing --mix playable--> active
///        |                           ^  <--mix gone past the grace--'
///        '--timeout / a side gone past the grace / ended from outside--> ended
///
/// While `mixing` or `active`, a side that unpublishes is replaced by a placeholder in the
/// mix (the mixer is restarted without it) until the grace period ends; if it comes back in
/// time the mix picks it up again and nothing else changes.
public enum ConnectionStateMachine {
    /// The transition, or nil when the input changes nothing (a duplicate, a late timer, an
    /// input that does not apply in this state).
    public static func apply(_ input: ConnectionInput, to current: Connection, now: Date) -> ConnectionTransition? {
        guard current.isOpen else { return nil }
        var next = current
        var effects: [ConnectionEffect] = []
        var notices: [ConnectionNotice] = []
        let mixerRuns = current.state == .mixing || current.state == .active

        switch input {
        case .guestPublished(let clientId):
            if current.guestLive && current.guestClientId == clientId { return nil }
            next.guestLive = true
            next.guestClientId = clientId
            effects.append(.cancelGrace(.guest))
            if current.state == .pending {
                set(&next, .mixing, ConnectionReason.guestPublished, now)
                effects += [.cancelPendingTimeout, .runMixer(host: next.hostLive, guest: true), .watchMix]
                notices.append(.started)
            } else {
                effects.append(.runMixer(host: next.hostLive, guest: true))
            }

        case .guestUnpublished(let clientId):
            guard current.guestLive, current.guestClientId == clientId else { return nil }
            next.guestLive = false
            next.guestClientId = nil
            effects.append(.armGrace(.guest))
            if mixerRuns { effects.append(.runMixer(host: next.hostLive, guest: false)) }

        case .hostPublished:
            guard !current.hostLive else { return nil }
            next.hostLive = true
            effects.append(.cancelGrace(.host))
            if mixerRuns { effects.append(.runMixer(host: true, guest: next.guestLive)) }

        case .hostUnpublished:
            guard current.hostLive else { return nil }
            next.hostLive = false
            effects.append(.armGrace(.host))
            if mixerRuns { effects.append(.runMixer(host: false, guest: next.guestLive)) }

        case .mixPublished(let clientId):
            guard mixerRuns, !(current.mixLive && current.mixClientId == clientId) else { return nil }
            next.mixLive = true
            next.mixClientId = clientId
            effects.append(.cancelGrace(.mix))

        case .mixUnpublished(let clientId):
            guard current.mixLive, current.mixClientId == clientId else { return nil }
            next.mixLive = false
            next.mixClientId = nil
            // Viewers stay on the mix while the mixer restarts; only a long gap moves them.
            if current.state == .active { effects.append(.armGrace(.mix)) }

        case .mixPlayable:
            // A playlist left over from an earlier run of the mixer is not the mix.
            guard current.state == .mixing, current.mixLive else { return nil }
            set(&next, .active, ConnectionReason.mixPlayable, now)
            effects.append(.stopWatchingMix)
            notices.append(.playbackChanged(.mix))

        case .graceExpired(.mix):
            guard current.state == .active, !current.mixLive else { return nil }
            set(&next, .mixing, ConnectionReason.mixInterrupted, now)
            effects.append(.watchMix)
            notices.append(.playbackChanged(.host))

        case .graceExpired(.host):
            guard !current.hostLive else { return nil }
            return end(current, reason: ConnectionReason.hostLeft, now: now)

        case .graceExpired(.guest):
            guard mixerRuns, !current.guestLive else { return nil }
            return end(current, reason: ConnectionReason.guestLeft, now: now)

        case .pendingTimedOut:
            guard current.state == .pending else { return nil }
            return end(current, reason: ConnectionReason.pendingTimeout, now: now)

        case .end(let reason):
            return end(current, reason: reason, now: now)
        }
        return ConnectionTransition(connection: next, effects: effects, notices: notices)
    }

    /// Every open state ends the same way: the mixer and all timers stop, the guest's key is
    /// revoked and its publisher dropped, and viewers of an active mix go back to the host.
    private static func end(_ current: Connection, reason: String, now: Date) -> ConnectionTransition {
        var next = current
        set(&next, .ended, reason, now)
        next.endedAt = now
        next.guestKeyHash = ""
        next.guestLive = false
        next.guestClientId = nil
        next.mixLive = false
        next.mixClientId = nil
        var effects: [ConnectionEffect] = [
            .stopMixer, .stopWatchingMix, .cancelPendingTimeout,
            .cancelGrace(.host), .cancelGrace(.guest), .cancelGrace(.mix),
        ]
        if let clientId = current.guestClientId, current.guestLive { effects.append(.kickGuest(clientId: clientId)) }
        var notices: [ConnectionNotice] = []
        if current.state == .active { notices.append(.playbackChanged(.host)) }
        notices.append(.ended)
        return ConnectionTransition(connection: next, effects: effects, notices: notices)
    }

    private static func set(_ connection: inout Connection, _ state: ConnectionState, _ reason: String, _ now: Date) {
        connection.state = state
        connection.reason = reason
        connection.stateSince = now
    }
}
