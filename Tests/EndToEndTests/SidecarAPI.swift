import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The daemon's platform API and operational routes, as the platform calls them.
struct SidecarAPI: Sendable {
    struct Answer: @unchecked Sendable {
        // @unchecked: `json` holds JSONSerialization's immutable value types only.
        var status: Int
        var json: [String: Any]
        var text: String
    }

    static let token = "e2e-api-token"

    let port: Int

    func call(_ method: String, _ path: String, body: String? = nil, authorized: Bool = true) async throws -> Answer {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        if authorized { request.setValue("Bearer \(Self.token)", forHTTPHeaderField: "Authorization") }
        if let body {
            request.httpBody = Data(body.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        request.timeoutInterval = 10
        let (data, response) = try await URLSession.shared.data(for: request)
        let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        return Answer(status: (response as? HTTPURLResponse)?.statusCode ?? 0, json: json, text: String(decoding: data, as: UTF8.self))
    }

    /// `PUT /api/v1/rooms/{id}`: the room with its liveId and stream key.
    func createRoom(_ id: String, owner: String) async throws -> (liveId: String, key: String) {
        let answer = try await call("PUT", "/api/v1/rooms/\(id)", body: #"{"owner":"\#(owner)"}"#)
        guard answer.status == 201, let liveId = answer.json["liveId"] as? String, let key = answer.json["streamKey"] as? String else {
            throw E2EError("creating room \(id) answered \(answer.status): \(answer.text)")
        }
        return (liveId, key)
    }

    func room(_ id: String) async throws -> [String: Any] {
        let answer = try await call("GET", "/api/v1/rooms/\(id)")
        guard answer.status == 200 else { throw E2EError("GET room \(id) answered \(answer.status): \(answer.text)") }
        return answer.json
    }

    /// A Prometheus sample's value, e.g. `sidecar_reconcile_runs_total{result="completed"}`.
    func metric(_ sample: String) async throws -> Double? {
        let text = try await call("GET", "/metrics", authorized: false).text
        for line in text.split(separator: "\n") where line.hasPrefix(sample + " ") {
            return Double(line.dropFirst(sample.count + 1))
        }
        return nil
    }
}
