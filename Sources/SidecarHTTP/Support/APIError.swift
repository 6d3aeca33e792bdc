import Foundation
import Hummingbird
import SidecarCore

/// The one JSON error shape of the platform API: `{"error": {"code": ..., "message": ...}}`.
struct APIError: Error, HTTPResponseError {
    let status: HTTPResponse.Status
    let code: String
    let message: String
    var extra: [String: String] = [:]
    /// Headers the error answer carries besides its content type (e.g. 416's Content-Range).
    var headers: HTTPFields = [:]

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var body: [String: String] = ["code": code, "message": message]
        body.merge(extra) { a, _ in a }
        let data = try JSONEncoder().encode(["error": body])
        var fields = headers
        fields[.contentType] = "application/json"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func from(_ error: any Error) -> any Error {
        if error is APIError || error is HTTPError { return error }
        // Anything that is not a domain answer is a dependency failing (storage, network):
        // say so in the API's error shape rather than as a bare 500.
        guard let error = error as? SidecarError else {
            return APIError(status: .serviceUnavailable, code: "unavailable", message: "a dependency failed: \(error)")
        }
        switch error.code {
        case .notFound: return APIError(status: .notFound, code: "not_found", message: error.message)
        case .invalidInput: return APIError(status: .badRequest, code: "invalid_input", message: error.message)
        case .forbidden: return APIError(status: .forbidden, code: "forbidden", message: error.message)
        case .conflict:
            var api = APIError(status: .conflict, code: "conflict", message: error.message)
            if let id = error.conflictingId { api.extra["roomId"] = id }
            return api
        default: return APIError(status: .serviceUnavailable, code: "unavailable", message: error.message)
        }
    }

    static func badRequest(_ message: String) -> APIError {
        APIError(status: .badRequest, code: "invalid_input", message: message)
    }
}

extension Request {
    /// Decodes a JSON body with a readable error instead of a bare 400.
    func decodeJSON<T: Decodable>(_ type: T.Type, context: SidecarRequestContext) async throws -> T {
        let buffer: ByteBuffer
        do {
            buffer = try await body.collect(upTo: context.maxUploadSize)
        } catch {
            throw APIError(status: .contentTooLarge, code: "too_large", message: "the body is larger than \(context.maxUploadSize) bytes")
        }
        do {
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            return try decoder.decode(T.self, from: Data(buffer.readableBytesView))
        } catch {
            throw APIError.badRequest("the body is not the expected JSON: \(JSONErrorText.describe(error))")
        }
    }
}

enum JSONErrorText {
    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): return "missing field \"\(key.stringValue)\""
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "wrong type at \"\(context.codingPath.map(\.stringValue).joined(separator: "."))\""
        case DecodingError.dataCorrupted(let context):
            return context.codingPath.isEmpty ? "malformed JSON" : "invalid value at \"\(context.codingPath.map(\.stringValue).joined(separator: "."))\""
        default: return "malformed JSON"
        }
    }
}
