import CurlHTTP
import Foundation
import SidecarCore

/// SRS's HTTP API as the daemon uses it: kick a client, ask whether one is connected.
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
        struct Answer: Decodable { var code: Int }
        guard let answer = try? JSONDecoder().decode(Answer.self, from: Data(response.body)) else {
            throw APIError(description: "SRS API \(method) \(path) answered something that is not SRS JSON")
        }
        guard answer.code == 0 || answer.code == Self.unknownClient else {
            throw APIError(description: "SRS API \(method) \(path) answered code \(answer.code)")
        }
        return answer.code
    }

    /// Client ids come from hooks; they are SRS's 8-character ids, never a path.
    static func pathSafe(_ id: String) throws -> String {
        guard !id.isEmpty, id.count <= 64, id.utf8.allSatisfy({ $0 < 128 && (isalnum(Int32($0)) != 0 || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_")) }) else {
            throw APIError(description: "not an SRS client id: \(id.prefix(64))")
        }
        return id
    }
}
