import Foundation

extension RoomService {
    /// What a ban or suspension did to a live publisher.
    public struct ModerationOutcome: Sendable, Codable, Equatable {
        public var kicked: Bool
        public var kickError: String?
    }

    /// Bans an owner: their publishes are refused, and a live publisher is kicked at once.
    public func ban(owner: String, reason: String, until: Date?) async throws -> (Ban, ModerationOutcome) {
        guard Identifiers.isValidOwner(owner) else { throw SidecarError(.invalidInput, "not a valid owner name") }
        if let until, until <= env.now() { throw SidecarError(.invalidInput, "until must be in the future") }
        let ban = Ban(owner: owner, reason: reason, until: until, createdAt: env.now())
        try await env.store.putBan(ban, event: EventDraft(.banChanged, roomId: nil,
            payload: BanEventPayload(owner: owner, banned: true, reason: reason, until: until)))
        // A banned guest's connections end too (their publisher is dropped with them).
        do {
            try await connections?.guestBanned(owner)
        } catch {
            env.logger.error("the banned user's connections were not ended", metadata: ["error": "\(error)"])
        }
        return (ban, await kickLivePublisher(owner: owner))
    }

    /// Lifts a ban; false when there was none.
    public func unban(owner: String) async throws -> Bool {
        guard Identifiers.isValidOwner(owner) else { throw SidecarError(.invalidInput, "not a valid owner name") }
        let removed = try await env.store.deleteBan(owner: owner, event: EventDraft(.banChanged, roomId: nil,
            payload: BanEventPayload(owner: owner, banned: false, reason: nil, until: nil)))
        return removed != nil
    }

    public func currentBan(owner: String) async throws -> Ban? {
        guard Identifiers.isValidOwner(owner) else { throw SidecarError(.invalidInput, "not a valid owner name") }
        guard let ban = try await env.store.ban(owner: owner), ban.isActive(at: env.now()) else { return nil }
        return ban
    }

    /// An admin's "stop broadcasting" for one room; the live publisher is kicked at once.
    public func suspend(roomId: String, reason: String) async throws -> (RoomView, ModerationOutcome) {
        try await env.locks.withLock(roomId) {
            let now = env.now()
            let room: Room? = try await env.store.mutateRoom(.id(roomId)) { current in
                guard var room = current else { return .unchanged(nil) }
                room.suspension = Suspension(reason: reason, since: now)
                return RoomDecision(write: .update(room), events: [.room(.roomSuspended, room, reason: reason)], result: room)
            }
            guard let room else { throw SidecarError(.notFound, "no room \(roomId)") }
            var outcome = ModerationOutcome(kicked: false, kickError: nil)
            if let publisher = room.publisher, room.status == .live {
                (outcome.kicked, outcome.kickError) = await kickPublisher(publisher.clientId, roomId: roomId)
            }
            return (try await view(room, withKey: false), outcome)
        }
    }

    public func unsuspend(roomId: String) async throws -> RoomView {
        try await env.locks.withLock(roomId) {
            let room: Room? = try await env.store.mutateRoom(.id(roomId)) { current in
                guard var room = current else { return .unchanged(nil) }
                guard room.suspension != nil else { return .unchanged(room) }
                room.suspension = nil
                return RoomDecision(write: .update(room), events: [.room(.roomUnsuspended, room)], result: room)
            }
            guard let room else { throw SidecarError(.notFound, "no room \(roomId)") }
            return try await view(room, withKey: false)
        }
    }

    /// The latest verdict; with `refresh`, a check now (only while live).
    public func readiness(roomId: String, refresh: Bool) async throws -> ReadinessRecord? {
        let room = try await existingRoom(roomId)
        if refresh { _ = await readiness.checkNow(room) }
        // Only the current publish session's verdict counts: an idle room is not playable,
        // whatever its last session's verdict said.
        guard let session = room.publisher?.sessionId, let record = try await env.store.readiness(roomId: roomId),
            record.sessionId == session
        else { return nil }
        return record
    }

    private func kickLivePublisher(owner: String) async -> ModerationOutcome {
        guard let room = try? await env.store.room(owner: owner), let publisher = room.publisher, room.status == .live else {
            return ModerationOutcome(kicked: false, kickError: nil)
        }
        let kick = await kickPublisher(publisher.clientId, roomId: room.id)
        return ModerationOutcome(kicked: kick.kicked, kickError: kick.error)
    }
}
