import CurlHTTP
import Foundation
import SidecarCore

/// SRS's HTTP API as the daemon uses it: kick a client, ask whether one is connected, and
/// read every stream and client for reconciliation (`SRSControl+Snapshot.swift`).
///
/// SRS answers HTTP 200 for errors too and puts the outcome in `code`: 0 is success,
/// 2049 an unknown client (see `Fixtures/srs-api/`).
public struct SRSControl: MediaServerControl {
    public struct APIError: Error, CustomStringConvertible {
        public let description: String
    }

    static let unknownClient = 2049

    private let http: CurlHTTPClient
    private let base: String

    public init(http: CurlHTTPClient, apiBase: String) {
        self.http = http
        self.base = apiBase.hasSuffix("/") ? String(apiBase.dropLast()) : apiBase
    }

    public func kick(clientId: String) async throws -> Bool {
        let code = try await call("DELETE", "/api/v1/clients/\(try Self.pathSafe(clientId))")
        return code == 0
    }

    public func isConnected(clientId: String) async throws -> Bool {
        let code = try await call("GET", "/api/v1/clients/\(try Self.pathSafe(clientId))")
        return code == 0
    }

    /// Performs the call and returns SRS's `code`: 0 or `unknownClient`; anything else throws.
    private func call(_ method: String, _ path: String) async throws -> Int {
        struct Answer: Decodable { var code: Int }
        let answer = try await request(method, path, as: Answer.self)
        guard answer.code == 0 || answer.code == Self.unknownClient else {
            throw APIError(description: "SRS API \(method) \(path) answered code \(answer.code)")
        }
        return answer.code
    }

    /// Performs the call and decodes SRS's JSON answer; an unreachable server, an HTTP error
    /// status or a body that is not that JSON throws.
    func request<Answer: Decodable>(_ method: String, _ path: String, as: Answer.Type) async throws -> Answer {
        guard let url = URL(string: base + path) else { throw APIError(description: "bad SRS API URL \(base)") }
        let response: HTTPResponse
        do {
            response = try await http.send(method, url)
        } catch {
            throw APIError(description: "SRS API \(method) \(path) failed: \(error)")
        }
        guard (200..<300).contains(response.status) else {
            throw APIError(description: "SRS API \(method) \(path) answered HTTP \(response.status)")
        }
        do {
            return try JSONDecoder().decode(Answer.self, from: Data(response.body))
        } catch {
            throw APIError(description: "SRS API \(method) \(path) answered something that is not SRS JSON (\(Self.describe(error)))")
        }
    }

    /// Which field a decoding error is about, without quoting the body.
    private static func describe(_ error: any Error) -> String {
        switch error as? DecodingError {
        case .keyNotFound(let key, let context)?: "no \"\((context.codingPath + [key]).map(\.stringValue).joined(separator: "."))\""
        case .typeMismatch(_, let context)?, .valueNotFound(_, let context)?:
            "unexpected value at \"\(context.codingPath.map(\.stringValue).joined(separator: "."))\""
        case .dataCorrupted?: "not JSON"
        default: "\(error)"
        }
    }

    /// Client ids come from hooks; they are SRS's 8-character ids, never a path.
    static func pathSafe(_ id: String) throws -> String {
        guard !id.isEmpty, id.count <= 64, id.utf8.allSatisfy({ $0 < 128 && (isalnum(Int32($0)) != 0 || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_")) }) else {
            throw APIError(description: "not an SRS client id: \(id.prefix(64))")
        }
        return id
    }
}
