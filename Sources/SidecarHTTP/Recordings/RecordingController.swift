import Foundation
import Hummingbird
import SidecarCore

extension RecordingView: ResponseEncodable {}
extension RecordingViewPage: ResponseEncodable {}
extension RetentionReport: ResponseEncodable {}

/// `/api/v1/recordings`: lists, shows, serves (with byte ranges, so a player can seek) and
/// deletes recordings, and runs retention on demand. Translation only: `RecordingService`
/// decides.
struct RecordingController: Sendable {
    let recordings: RecordingService

    func addRoutes(to group: RouterGroup<SidecarRequestContext>) {
        group.get("recordings", use: list)
        group.post("recordings/prune", use: prune)
        group.get("recordings/:id", use: get)
        group.delete("recordings/:id", use: delete)
        group.get("recordings/:id/file", use: file)
    }

    @Sendable func list(_ request: Request, context: SidecarRequestContext) async throws -> RecordingViewPage {
        let query = request.uri.queryParameters
        var filter = RecordingFilter(roomId: query.get("roomId"), owner: query.get("owner"), liveId: query.get("liveId"))
        if let text = query.get("status") {
            guard let status = RecordingStatus(rawValue: text) else {
                throw APIError.badRequest("status must be one of \(RecordingStatus.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            filter.status = status
        }
        filter.from = try Self.date(query.get("from"), name: "from")
        filter.to = try Self.date(query.get("to"), name: "to")
        var limit = 50
        if let text = query.get("limit") {
            guard let parsed = Int(text), (1...RecordingService.maxPage).contains(parsed) else {
                throw APIError.badRequest("limit must be 1-\(RecordingService.maxPage)")
            }
            limit = parsed
        }
        let cursor = query.get("cursor")
        let page = try await mapErrors { try await recordings.list(filter, cursor: cursor, limit: limit) }
        return RecordingViewPage(page)
    }

    @Sendable func get(_ request: Request, context: SidecarRequestContext) async throws -> RecordingView {
        let id = try context.parameters.require("id")
        return RecordingView(try await mapErrors { try await recordings.get(id: id) })
    }

    @Sendable func delete(_ request: Request, context: SidecarRequestContext) async throws -> RecordingView {
        let id = try context.parameters.require("id")
        return RecordingView(try await mapErrors { try await recordings.delete(id: id, cause: "api") })
    }

    @Sendable func prune(_ request: Request, context: SidecarRequestContext) async throws -> RetentionReport {
        let dryRun = try QueryFlag.parse(request.uri.queryParameters.get("dryRun"), name: "dryRun")
        return try await mapErrors { try await recordings.applyRetention(dryRun: dryRun, cause: "api") }
    }

    /// The file, whole (200) or one byte range (206); 416 for a range past its end.
    @Sendable func file(_ request: Request, context: SidecarRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let file = try await mapErrors { try await recordings.file(id: id) }
        guard let opened = OpenFile(path: file.path) else {
            throw APIError(status: .notFound, code: "not_found", message: "the file of recording \(id) is missing")
        }
        let etag = "\"\(String(file.size, radix: 16))-\(String(Int64(file.modifiedAt.timeIntervalSince1970 * 1000), radix: 16))\""
        let lastModified = HTTPDateFormat.string(file.modifiedAt)
        var headers: HTTPFields = [
            .contentType: file.contentType, .acceptRanges: "bytes", .eTag: etag, .lastModified: lastModified,
            .contentDisposition: "inline; filename=\"\(RecordingFileName.safe(file.path))\"",
        ]
        var rangeHeader = request.headers[.range]
        if let ifRange = request.headers[.ifRange], ifRange != etag, ifRange != lastModified { rangeHeader = nil }
        if request.method == .head { rangeHeader = nil }
        switch ByteRange.parse(rangeHeader, size: file.size) {
        case .full:
            headers[.contentLength] = String(file.size)
            if request.method == .head { return Response(status: .ok, headers: headers) }
            guard file.size > 0 else { return Response(status: .ok, headers: headers, body: .init()) }
            return Response(status: .ok, headers: headers, body: opened.body(range: 0...(file.size - 1)))
        case .partial(let range):
            headers[.contentRange] = "bytes \(range.lowerBound)-\(range.upperBound)/\(file.size)"
            return Response(status: .partialContent, headers: headers, body: opened.body(range: range))
        case .unsatisfiable:
            var error = APIError(
                status: .rangeNotSatisfiable, code: "range_not_satisfiable",
                message: "the range is outside the file (\(file.size) bytes)")
            error.headers = [.contentRange: "bytes */\(file.size)", .acceptRanges: "bytes"]
            throw error
        }
    }

    static func date(_ text: String?, name: String) throws -> Date? {
        guard let text else { return nil }
        if let date = try? Date(text, strategy: .iso8601) { return date }
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) { return date }
        throw APIError.badRequest("\(name) must be an ISO 8601 date such as 2026-11-22T10:15:00Z")
    }
}

/// A file name safe inside a quoted `Content-Disposition` parameter.
enum RecordingFileName {
    static func safe(_ path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? "recording"
        return String(name.unicodeScalars.map { $0.isASCII && $0.value >= 0x20 && $0 != "\"" && $0 != "\\" ? Character($0) : "_" })
    }
}

/// RFC 9110 IMF-fixdate: `Sun, 06 Nov 1994 08:49:37 GMT`.
enum HTTPDateFormat {
    static func string(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: date)
    }
}
