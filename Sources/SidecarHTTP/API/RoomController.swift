import Foundation
import Hummingbird
import SidecarCore

extension RoomView: ResponseEncodable {}
extension RoomPage: ResponseEncodable {}
extension CloseOutcome: ResponseEncodable {}

/// `/api/v1/rooms`: translates HTTP to `RoomService` calls and back, nothing more.
struct RoomController: Sendable {
    let rooms: RoomService

    struct CreateBody: Decodable {
        var owner: String
        var `private`: Bool?
    }

    func addRoutes(to group: RouterGroup<SidecarRequestContext>) {
        group.put("rooms/:roomId", use: create)
        group.get("rooms/:roomId", use: get)
        group.get("rooms", use: list)
        group.delete("rooms/:roomId", use: close)
        group.post("rooms/:roomId/stream-key", use: rotateKey)
        group.get("rooms/:roomId/readiness", use: readiness)
    }

    @Sendable func create(_ request: Request, context: SidecarRequestContext) async throws -> EditedResponse<RoomView> {
        let body = try await request.decodeJSON(CreateBody.self, context: context)
        let roomId = try context.parameters.require("roomId")
        return try await mapErrors {
            switch try await rooms.create(roomId: roomId, owner: body.owner, isPrivate: body.private ?? false) {
            case .created(let view): EditedResponse(status: .created, response: view)
            case .existing(let view): EditedResponse(status: .ok, response: view)
            }
        }
    }

    @Sendable func get(_ request: Request, context: SidecarRequestContext) async throws -> RoomView {
        let roomId = try context.parameters.require("roomId")
        return try await mapErrors { try await rooms.get(roomId: roomId) }
    }

    @Sendable func list(_ request: Request, context: SidecarRequestContext) async throws -> RoomPage {
        let query = request.uri.queryParameters
        var status: RoomStatus?
        if let text = query.get("status") {
            guard let parsed = RoomStatus(rawValue: text) else { throw APIError.badRequest("status must be idle or live") }
            status = parsed
        }
        var limit = 50
        if let text = query.get("limit") {
            guard let parsed = Int(text), (1...500).contains(parsed) else { throw APIError.badRequest("limit must be 1-500") }
            limit = parsed
        }
        let cursor = query.get("cursor")
        return try await mapErrors { try await rooms.list(status: status, cursor: cursor, limit: limit) }
    }

    @Sendable func close(_ request: Request, context: SidecarRequestContext) async throws -> CloseOutcome {
        let roomId = try context.parameters.require("roomId")
        return try await mapErrors { try await rooms.close(roomId: roomId) }
    }

    @Sendable func rotateKey(_ request: Request, context: SidecarRequestContext) async throws -> RoomView {
        let roomId = try context.parameters.require("roomId")
        let kick = try QueryFlag.parse(request.uri.queryParameters.get("kick"), name: "kick")
        return try await mapErrors { try await rooms.rotateKey(roomId: roomId, kick: kick) }
    }

    @Sendable func readiness(_ request: Request, context: SidecarRequestContext) async throws -> Response {
        let roomId = try context.parameters.require("roomId")
        let refresh = try QueryFlag.parse(request.uri.queryParameters.get("refresh"), name: "refresh")
        let record = try await mapErrors { try await rooms.readiness(roomId: roomId, refresh: refresh) }
        return try ReadinessJSON.response(roomId: roomId, record: record)
    }
}

/// Runs `body`, turning domain errors into API errors.
func mapErrors<T>(_ body: () async throws -> T) async throws -> T {
    do { return try await body() } catch { throw APIError.from(error) }
}

/// `?kick=true` style flags: absent is false, anything but true/false/1/0 is an error.
enum QueryFlag {
    static func parse(_ value: String?, name: String) throws -> Bool {
        switch value?.lowercased() {
        case nil, "false", "0": return false
        case "true", "1", "": return true
        default: throw APIError.badRequest("\(name) must be true or false")
        }
    }
}

/// The readiness answer embeds the stored verdict JSON as it is.
enum ReadinessJSON {
    static func response(roomId: String, record: ReadinessRecord?) throws -> Response {
        var object: [String: Any] = ["roomId": roomId]
        if let record {
            object["sessionId"] = record.sessionId
            object["checkedAt"] = ISO8601DateFormatter().string(from: record.checkedAt)
            object["ready"] = record.ready
            object["reason"] = record.reason ?? NSNull()
            object["verdict"] = (try? JSONSerialization.jsonObject(with: record.verdict)) ?? NSNull()
        } else {
            object["ready"] = false
            object["reason"] = "not_checked"
            object["verdict"] = NSNull()
        }
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
