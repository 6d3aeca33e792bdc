import Foundation
import Logging

/// Connections (co-hosting): requests from the platform, the guest's and the mixer's
/// publishes, and the mixer, all driven through `ConnectionStateMachine`.
///
/// Each change is one store transaction with its events, made under the connection lock of
/// its room (`connection/<roomId>`). Lock order: a room's own lock, then its connection
/// lock, never the other way, so hooks holding the room lock may report to this service.
public struct ConnectionService: Sendable {
    let env: SidecarEnvironment
    let store: any ConnectionStore
    let mixer: any MixerControl
    let checker: any ReadinessChecking
    let viewers: ViewerRegistry
    let settings: ConnectionSettings
    let node: String
    let timers = ConnectionTimers()
    let watches = MixWatches()

    public init(
        env: SidecarEnvironment, store: any ConnectionStore, mixer: any MixerControl, checker: any ReadinessChecking,
        viewers: ViewerRegistry, settings: ConnectionSettings = ConnectionSettings(), node: String
    ) {
        self.env = env
        self.store = store
        self.mixer = mixer
        self.checker = checker
        self.viewers = viewers
        self.settings = settings
        self.node = node
    }

    /// A guest asks to co-host a live room: allocates the guest's stream and key and the
    /// mix's stream. One open connection per room; a banned guest is refused.
    public func request(roomId: String, guest: String) async throws -> ConnectionView {
        guard Identifiers.isValidOwner(guest) else {
            throw SidecarError(.invalidInput, "guest must be 1-64 letters, digits, '-', '_', '.' or '@'")
        }
        return try await env.locks.withLock(roomId) {
            guard let room = try await env.store.room(id: roomId) else { throw SidecarError(.notFound, "no room \(roomId)") }
            guard room.status == .live else { throw SidecarError(.conflict, "room \(roomId) is not live") }
            guard room.suspension == nil else { throw SidecarError(.conflict, "room \(roomId) is suspended") }
            guard room.owner != guest else { throw SidecarError(.invalidInput, "the host cannot be their own guest") }
            if let ban = try await env.store.ban(owner: guest), ban.isActive(at: env.now()) {
                throw SidecarError(.forbidden, "\(guest) is banned: \(ban.reason)")
            }
            return try await env.locks.withLock(Self.lockKey(roomId)) {
                let now = env.now()
                let id = Identifiers.random()
                let guestLiveId = Identifiers.random()
                var connection = Connection(
                    id: id, roomId: roomId, hostLiveId: room.liveId, guest: guest, guestLiveId: guestLiveId,
                    guestKeyHash: "", mixLiveId: Identifiers.random(), stateSince: now, node: node, createdAt: now,
                    pendingUntil: now.addingTimeInterval(settings.pendingTimeout.timeInterval))
                let key = guestKey(connection)
                connection.guestKeyHash = StreamKeys.hash(key)
                switch try await store.createConnection(connection, event: .connection(.connectionRequested, connection)) {
                case .busy(let existing):
                    throw SidecarError(.conflict, "room \(roomId) already has connection \(existing.id) (\(existing.state.rawValue))")
                case .created(let created):
                    await timers.schedule(Self.timerKey(id, "pending"), after: settings.pendingTimeout) { [self] in
                        await applyLogged(.pendingTimedOut, connectionId: id, roomId: roomId)
                    }
                    env.logger.info("connection requested", metadata: ["room.id": "\(roomId)", "connection.id": "\(id)"])
                    return ConnectionView(created, media: env.media, mixer: nil, guestKey: key)
                }
            }
        }
    }

    public func get(roomId: String, connectionId: String) async throws -> ConnectionView {
        await view(try await existing(roomId: roomId, connectionId: connectionId))
    }

    public func list(roomId: String, limit: Int = 50) async throws -> ConnectionList {
        guard try await env.store.room(id: roomId) != nil else { throw SidecarError(.notFound, "no room \(roomId)") }
        var views: [ConnectionView] = []
        for connection in try await store.connections(roomId: roomId, limit: min(max(limit, 1), 500)) {
            views.append(await view(connection))
        }
        return ConnectionList(connections: views)
    }

    /// The host ends it (idempotent: an ended connection is returned as it is).
    public func end(roomId: String, connectionId: String) async throws -> ConnectionView {
        let connection = try await existing(roomId: roomId, connectionId: connectionId)
        let after = try await apply(.end(reason: ConnectionReason.hostEnded), connectionId: connection.id, roomId: roomId)
        return await view(after ?? connection)
    }

    /// What the room's viewers should play: the mix while a connection is active.
    public func playback(roomId: String) async throws -> (source: PlaybackSource, liveId: String)? {
        guard let connection = try await store.openConnection(roomId: roomId), connection.state == .active else { return nil }
        return (.mix, connection.mixLiveId)
    }

    /// Ends the open connections this node ran before it restarted: their mixers died with
    /// it and their timers are gone. Call once at start, after the store is migrated.
    public func recover() async throws {
        for connection in try await store.openConnections() where connection.node == node {
            _ = try await apply(.end(reason: ConnectionReason.sidecarRestarted), connectionId: connection.id, roomId: connection.roomId)
        }
    }

    /// Stops timers and watches (daemon shutdown); the mixers are stopped by their service.
    public func shutdown() async {
        await timers.cancelAll()
        await watches.stopAll()
    }

    // MARK: Transitions

    /// Applies `input` under the room's connection lock; the connection after it, or nil when
    /// nothing changed (or there is no such connection).
    @discardableResult
    func apply(_ input: ConnectionInput, connectionId: String, roomId: String) async throws -> Connection? {
        try await env.locks.withLock(Self.lockKey(roomId)) {
            try await applyLocked(input, connectionId: connectionId)
        }
    }

    func applyLocked(_ input: ConnectionInput, connectionId: String) async throws -> Connection? {
        let now = env.now()
        let media = env.media
        let transition: ConnectionTransition? = try await store.mutateConnection(id: connectionId) { current in
            guard let current, let transition = ConnectionStateMachine.apply(input, to: current, now: now) else {
                return .unchanged(nil)
            }
            return ConnectionDecision(
                write: transition.connection, events: Self.events(transition, media: media), result: transition)
        }
        guard let transition else { return nil }
        let connection = transition.connection
        if !transition.notices.isEmpty {
            env.logger.info("connection \(connection.state.rawValue)", metadata: [
                "room.id": "\(connection.roomId)", "connection.id": "\(connection.id)", "connection.reason": "\(connection.reason)"])
        }
        await perform(transition.effects, connection)
        return connection
    }

    /// For timers and watches, whose failures have nobody to report to but the log.
    func applyLogged(_ input: ConnectionInput, connectionId: String, roomId: String) async {
        do {
            try await apply(input, connectionId: connectionId, roomId: roomId)
        } catch {
            env.logger.error("connection change not recorded", metadata: [
                "connection.id": "\(connectionId)", "connection.input": "\(input)", "error": "\(error)"])
        }
    }

    static func events(_ transition: ConnectionTransition, media: MediaSettings) -> [EventDraft] {
        let connection = transition.connection
        return transition.notices.map { notice in
            switch notice {
            case .started: return .connection(.connectionStarted, connection)
            case .ended: return .connection(.connectionEnded, connection)
            case .playbackChanged(let source):
                let liveId = source == .mix ? connection.mixLiveId : connection.hostLiveId
                return EventDraft(.roomPlaybackChanged, roomId: connection.roomId, payload: PlaybackEventPayload(
                    roomId: connection.roomId, source: source, liveId: liveId, media: media, connectionId: connection.id,
                    reason: connection.reason))
            }
        }
    }

    // MARK: Helpers

    func existing(roomId: String, connectionId: String) async throws -> Connection {
        guard let connection = try await store.connection(id: connectionId), connection.roomId == roomId else {
            throw SidecarError(.notFound, "no connection \(connectionId) in room \(roomId)")
        }
        return connection
    }

    func view(_ connection: Connection) async -> ConnectionView {
        let status = connection.isOpen ? await mixer.status(id: connection.id) : nil
        return ConnectionView(connection, media: env.media, mixer: status)
    }

    /// The guest's stream key: derived, so only its hash is stored.
    func guestKey(_ connection: Connection) -> String {
        env.keys.key(roomId: "guest|\(connection.id)", liveId: connection.guestLiveId, version: 1)
    }

    /// The mixer's credential for reading the inputs and publishing the mix: derived from the
    /// daemon's secret, never stored or shown ('|' is not allowed in room ids, so it cannot
    /// be any room's key).
    func mixerKey(_ connection: Connection) -> String {
        env.keys.key(roomId: "mixer|\(connection.id)", liveId: connection.mixLiveId, version: 1)
    }

    static func lockKey(_ roomId: String) -> String { "connection/\(roomId)" }
    static func timerKey(_ id: String, _ kind: String) -> String { "\(id)/\(kind)" }
}
