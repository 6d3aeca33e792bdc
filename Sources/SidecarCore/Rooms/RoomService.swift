import Foundation
import Logging

/// The platform's room operations, free of HTTP and SQL.
public struct RoomService: Sendable {
    let env: SidecarEnvironment
    let readiness: ReadinessMonitor
    let viewers: ViewerRegistry
    let node: String
    /// The rooms' connections (co-hosting): playback, and ending them when a room closes.
    public let connections: ConnectionService?

    public init(
        env: SidecarEnvironment, readiness: ReadinessMonitor, viewers: ViewerRegistry, node: String,
        connections: ConnectionService? = nil
    ) {
        self.env = env
        self.readiness = readiness
        self.viewers = viewers
        self.node = node
        self.connections = connections
    }

    public enum CreateResult: Sendable, Equatable {
        case created(RoomView)
        case existing(RoomView)
    }

    /// Creates the room, or returns it when it exists (same key: it is derived, not stored).
    /// An owner who already has another room gets a conflict naming that room.
    public func create(roomId: String, owner: String, isPrivate: Bool = false) async throws -> CreateResult {
        guard Identifiers.isValidRoomId(roomId) else {
            throw SidecarError(.invalidInput, "roomId must be 1-64 letters, digits, '-', '_' or '.'")
        }
        guard Identifiers.isValidOwner(owner) else {
            throw SidecarError(.invalidInput, "owner must be 1-64 letters, digits, '-', '_', '.' or '@'")
        }
        let now = env.now()
        let liveId = Identifiers.random()
        let key = env.keys.key(roomId: roomId, liveId: liveId, version: 1)
        let room = Room(
            id: roomId, owner: owner, liveId: liveId, keyHash: StreamKeys.hash(key), createdAt: now,
            statusSince: now, isPrivate: isPrivate)
        return try await env.locks.withLock(roomId) {
            switch try await env.store.createRoom(room, event: .room(.roomCreated, room)) {
            case .created(let room):
                env.logger.info("room created", metadata: ["room.id": "\(roomId)"])
                return .created(RoomView(room, viewers: 0, media: env.media, streamKey: key))
            case .existing(let existing):
                guard existing.owner == owner else {
                    throw SidecarError(.conflict, "room \(roomId) exists with another owner", conflictingId: roomId)
                }
                return .existing(try await view(existing, withKey: true))
            case .ownerHasRoom(let other):
                throw SidecarError(.conflict, "\(owner) already owns room \(other)", conflictingId: other)
            }
        }
    }

    public func get(roomId: String) async throws -> RoomView {
        try await view(try await existingRoom(roomId), withKey: false)
    }

    /// Rooms by id, `limit` per page; the cursor is opaque to callers.
    public func list(status: RoomStatus?, cursor: String?, limit: Int) async throws -> RoomPage {
        let limit = min(max(limit, 1), 500)
        let after = try cursor.map(RoomCursor.decode)
        let rooms = try await env.store.rooms(status: status, afterId: after, limit: limit + 1)
        var views: [RoomView] = []
        for room in rooms.prefix(limit) { views.append(try await view(room, withKey: false)) }
        let next = rooms.count > limit ? rooms[limit - 1].id : nil
        return RoomPage(rooms: views, nextCursor: next.map(RoomCursor.encode))
    }

    /// A new key; the old one stops working at once. With `kick`, the current publisher is
    /// disconnected too (the key alone does not end a publish already accepted).
    public func rotateKey(roomId: String, kick: Bool) async throws -> RoomView {
        let (room, key) = try await env.locks.withLock(roomId) { () async throws -> (Room, String) in
            let keys = env.keys
            let result: (Room, String)? = try await env.store.mutateRoom(.id(roomId)) { current in
                guard var room = current else { return .unchanged(nil) }
                room.keyVersion += 1
                let key = keys.key(roomId: room.id, liveId: room.liveId, version: room.keyVersion)
                room.keyHash = StreamKeys.hash(key)
                return RoomDecision(write: .update(room), events: [.room(.roomKeyRotated, room)], result: (room, key))
            }
            guard let result else { throw SidecarError(.notFound, "no room \(roomId)") }
            if kick, let publisher = result.0.publisher, result.0.status == .live {
                _ = await kickPublisher(publisher.clientId, roomId: roomId)
            }
            return result
        }
        return try await view(room, withKey: false, key: key)
    }

    /// Closes the room: disconnects its publisher, drops its state, emits `room.closed`.
    public func close(roomId: String) async throws -> CloseOutcome {
        try await env.locks.withLock(roomId) {
            let room = try await existingRoom(roomId)
            // Its connection first: the mixer stops and the guest is dropped with it.
            try await connections?.roomClosed(roomId: roomId)
            var outcome = CloseOutcome(roomId: roomId, kicked: false, kickError: nil)
            if let publisher = room.publisher, room.status == .live {
                let kick = await kickPublisher(publisher.clientId, roomId: roomId)
                outcome.kicked = kick.kicked
                outcome.kickError = kick.error
            }
            let deleted = try await env.store.mutateRoom(.id(roomId)) { current -> RoomDecision<Bool> in
                guard var room = current else { return .unchanged(false) }
                room.status = .idle
                room.publisher = nil
                room.playable = false
                return RoomDecision(write: .delete(roomId: roomId), events: [.room(.roomClosed, room)], result: true)
            }
            guard deleted else { throw SidecarError(.notFound, "no room \(roomId)") }
            await readiness.stop(roomId: roomId)
            viewers.removeRoom(roomId)
            env.logger.info("room closed", metadata: ["room.id": "\(roomId)"])
            return outcome
        }
    }

    func existingRoom(_ roomId: String) async throws -> Room {
        guard let room = try await env.store.room(id: roomId) else { throw SidecarError(.notFound, "no room \(roomId)") }
        return room
    }

    func view(_ room: Room, withKey: Bool, key: String? = nil) async throws -> RoomView {
        let local = viewers.count(roomId: room.id)
        let others = try await env.store.viewerCount(roomId: room.id, excludingNode: node)
        let shownKey = key ?? (withKey ? env.keys.key(roomId: room.id, liveId: room.liveId, version: room.keyVersion) : nil)
        let mix = try await connections?.playback(roomId: room.id)?.liveId
        return RoomView(room, viewers: local + others, media: env.media, streamKey: shownKey, mixLiveId: mix)
    }

    /// Kicks through the media server; a failure is reported, not thrown, because the state
    /// change that asked for it has already been made.
    func kickPublisher(_ clientId: String, roomId: String) async -> (kicked: Bool, error: String?) {
        do {
            return (try await env.control.kick(clientId: clientId), nil)
        } catch {
            env.logger.error("kick failed", metadata: ["room.id": "\(roomId)", "client.id": "\(clientId)", "error": "\(error)"])
            return (false, "\(error)")
        }
    }
}

/// Page cursors: the last room id of a page, base64url, so callers treat it as opaque.
enum RoomCursor {
    static func encode(_ id: String) -> String {
        Data(id.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ cursor: String) throws -> String {
        var text = cursor.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while text.count % 4 != 0 { text += "=" }
        guard let data = Data(base64Encoded: text), let id = String(data: data, encoding: .utf8), Identifiers.isValidRoomId(id) else {
            throw SidecarError(.invalidInput, "the cursor is not one this API returned")
        }
        return id
    }
}
