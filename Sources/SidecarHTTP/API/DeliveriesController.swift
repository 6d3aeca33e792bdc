import Foundation
import Hummingbird
import SidecarCore

extension DeliveryRecord: ResponseEncodable {}

/// `/api/v1/webhooks/deliveries`: what has not been delivered yet, dead letters, and a retry.
struct DeliveriesController: Sendable {
    let feed: EventFeed

    struct Page: ResponseEncodable {
        var deliveries: [DeliveryRecord]
        /// Pass as `cursor` for the next page; absent on the last one.
        var nextCursor: String?
    }

    func addRoutes(to group: RouterGroup<SidecarRequestContext>) {
        group.get("webhooks/deliveries", use: list)
        group.post("webhooks/deliveries/:id/retry", use: retry)
    }

    @Sendable func list(_ request: Request, context: SidecarRequestContext) async throws -> Page {
        let query = request.uri.queryParameters
        var state: DeliveryState?
        if let text = query.get("state") {
            guard let parsed = DeliveryState(rawValue: text) else {
                throw APIError.badRequest("state must be one of \(DeliveryState.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            state = parsed
        }
        var limit = 50
        if let text = query.get("limit") {
            guard let parsed = Int(text), (1...500).contains(parsed) else { throw APIError.badRequest("limit must be 1-500") }
            limit = parsed
        }
        var cursor: Int64?
        if let text = query.get("cursor") {
            guard let parsed = Int64(text), parsed >= 0 else { throw APIError.badRequest("cursor must come from nextCursor") }
            cursor = parsed
        }
        let records = try await mapErrors { try await feed.deliveries(state: state, cursor: cursor, limit: limit) }
        return Page(deliveries: records, nextCursor: records.count == limit ? records.last.map { String($0.id) } : nil)
    }

    @Sendable func retry(_ request: Request, context: SidecarRequestContext) async throws -> DeliveryRecord {
        guard let id = Int64(try context.parameters.require("id")) else { throw APIError.badRequest("a delivery id is a number") }
        return try await mapErrors { try await feed.retry(deliveryId: id) }
    }
}
