import Foundation
import Hummingbird
import SidecarCore

extension ConnectionView: ResponseEncodable {}
extension ConnectionList: ResponseEncodable {}

/// `/api/v1/rooms/{roomId}/connections`: co-hosting, translated to `ConnectionService` calls.
struct ConnectionController: Sendable {
    let connections: ConnectionService

    struct CreateBody: Decodable {
        var guest: String
    }

    func addRoutes(to group: RouterGroup<SidecarRequestContext>) {
        group.post("rooms/:roomId/connections", use: create)
        group.get("rooms/:roomId/connections", use: list)
        group.get("rooms/:roomId/connections/:connectionId", use: get)
        group.delete("rooms/:roomId/connections/:connectionId", use: end)
    }

    @Sendable func create(_ request: Request, context: SidecarRequestContext) async throws -> EditedResponse<ConnectionView> {
        let roomId = try context.parameters.require("roomId")
        let body = try await request.decodeJSON(CreateBody.self, context: context)
        let view = try await mapErrors { try await connections.request(roomId: roomId, guest: body.guest) }
        return EditedResponse(status: .created, response: view)
    }

    @Sendable func list(_ request: Request, context: SidecarRequestContext) async throws -> ConnectionList {
        let roomId = try context.parameters.require("roomId")
        var limit = 50
        if let text = request.uri.queryParameters.get("limit") {
            guard let parsed = Int(text), (1...500).contains(parsed) else { throw APIError.badRequest("limit must be 1-500") }
            limit = parsed
        }
        return try await mapErrors { try await connections.list(roomId: roomId, limit: limit) }
    }

    @Sendable func get(_ request: Request, context: SidecarRequestContext) async throws -> ConnectionView {
        let roomId = try context.parameters.require("roomId")
        let id = try context.parameters.require("connectionId")
        return try await mapErrors { try await connections.get(roomId: roomId, connectionId: id) }
    }

    @Sendable func end(_ request: Request, context: SidecarRequestContext) async throws -> ConnectionView {
        let roomId = try context.parameters.require("roomId")
        let id = try context.parameters.require("connectionId")
        return try await mapErrors { try await connections.end(roomId: roomId, connectionId: id) }
    }
}
