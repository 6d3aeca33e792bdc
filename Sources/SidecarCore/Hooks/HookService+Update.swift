import Foundation
import Logging

extension HookService {
    /// A periodic "may this publisher go on?" (nginx-rtmp's `on_update` for a publishing
    /// client). No: its room was closed, suspended or its owner banned, or the room is no
    /// longer live from it (another publisher took over, or reconciliation found it gone).
    /// The media server then drops it, which also covers a kick that did not get through.
    ///
    /// When the sidecar cannot decide (the store failed) the client goes on: dropping a
    /// broadcast for our own failure would be worse than a late correction.
    public func continuePublish(_ request: StreamEndRequest) async -> HookDecision {
        guard request.app == env.media.app else { return connect(app: request.app) }
        do {
            guard let room = try await env.store.room(liveId: request.liveId) else {
                if let decision = try await connections?.continuePublish(request) { return decision }
                return .deny(.unknownStream, "the room was closed")
            }
            if let ban = try await env.store.ban(owner: room.owner), ban.isActive(at: env.now()) {
                return .deny(.banned, "the owner is banned: \(ban.reason)")
            }
            if let suspension = room.suspension {
                return .deny(.suspended, "the room is suspended: \(suspension.reason)")
            }
            guard room.status == .live, room.publisher?.clientId == request.clientId else {
                return .deny(.notPublishing, "the room is not live from this publisher")
            }
            return .allow
        } catch {
            env.logger.error("update allowed: a dependency failed", metadata: ["stream.name": "\(request.stream)", "error": "\(error)"])
            return .allow
        }
    }

    /// A periodic "may this viewer go on?" (nginx-rtmp's `on_update` for a player): yes while
    /// its room exists. Private rooms checked the play token when playback started.
    public func continuePlay(_ request: StreamEndRequest) async -> HookDecision {
        guard request.app == env.media.app else { return connect(app: request.app) }
        do {
            guard try await env.store.room(liveId: request.liveId) != nil else {
                if let decision = try await connections?.continuePlay(request) { return decision }
                return .deny(.unknownStream, "the room was closed")
            }
            return .allow
        } catch {
            env.logger.error("update allowed: a dependency failed", metadata: ["stream.name": "\(request.stream)", "error": "\(error)"])
            return .allow
        }
    }
}
