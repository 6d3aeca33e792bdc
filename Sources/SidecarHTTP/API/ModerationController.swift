import Foundation
import Hummingbird
import SidecarCore

/// Bans (`/api/v1/bans/{owner}`) and suspensions (`/api/v1/rooms/{roomId}/suspension`).
struct ModerationController: Sendable {
    let rooms: RoomService

    struct BanBody: Decodable {
        var reason: String
        var until: Date?
    }

    struct SuspensionBody: Decodable {
        var reason: String
    }

    struct BanView: ResponseEncodable {
        var owner: String
        var reason: String
        var until: Date?
        var createdAt: Date
        var kicked: Bool?
        var kickError: String?
    }

    struct SuspensionView: ResponseEncodable {
        var room: RoomView
        var kicked: Bool
        var kickError: String?
    }

    func addRoutes(to group: RouterGroup<SidecarRequestContext>) {
        group.put("bans/:owner", use: ban)
        group.get("bans/:owner", use: getBan)
        group.delete("bans/:owner", use: unban)
        group.put("rooms/:roomId/suspension", use: suspend)
        group.delete("rooms/:roomId/suspension", use: unsuspend)
    }

    @Sendable func ban(_ request: Request, context: SidecarRequestContext) async throws -> BanView {
        let owner = try context.parameters.require("owner")
        let body = try await request.decodeJSON(BanBody.self, context: context)
        guard !body.reason.isEmpty, body.reason.count <= 500 else { throw APIError.badRequest("reason must be 1-500 characters") }
        let (ban, outcome) = try await mapErrors { try await rooms.ban(owner: owner, reason: body.reason, until: body.until) }
        return BanView(owner: ban.owner, reason: ban.reason, until: ban.until, createdAt: ban.createdAt, kicked: outcome.kicked, kickError: outcome.kickError)
    }

    @Sendable func getBan(_ request: Request, context: SidecarRequestContext) async throws -> BanView {
        let owner = try context.parameters.require("owner")
        guard let ban = try await mapErrors({ try await rooms.currentBan(owner: owner) }) else {
            throw APIError(status: .notFound, code: "not_found", message: "\(owner) is not banned")
        }
        return BanView(owner: ban.owner, reason: ban.reason, until: ban.until, createdAt: ban.createdAt)
    }

    @Sendable func unban(_ request: Request, context: SidecarRequestContext) async throws -> HTTPResponse.Status {
        let owner = try context.parameters.require("owner")
        guard try await mapErrors({ try await rooms.unban(owner: owner) }) else {
            throw APIError(status: .notFound, code: "not_found", message: "\(owner) is not banned")
        }
        return .noContent
    }

    @Sendable func suspend(_ request: Request, context: SidecarRequestContext) async throws -> SuspensionView {
        let roomId = try context.parameters.require("roomId")
        let body = try await request.decodeJSON(SuspensionBody.self, context: context)
        guard !body.reason.isEmpty, body.reason.count <= 500 else { throw APIError.badRequest("reason must be 1-500 characters") }
        let (view, outcome) = try await mapErrors { try await rooms.suspend(roomId: roomId, reason: body.reason) }
        return SuspensionView(room: view, kicked: outcome.kicked, kickError: outcome.kickError)
    }

    @Sendable func unsuspend(_ request: Request, context: SidecarRequestContext) async throws -> RoomView {
        let roomId = try context.parameters.require("roomId")
        return try await mapErrors { try await rooms.unsuspend(roomId: roomId) }
    }
}
