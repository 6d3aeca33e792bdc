import CurlHTTP
import Foundation
import SidecarCore

/// nginx-rtmp as the daemon uses it: its control module disconnects a publisher
/// (`GET <control>/drop/publisher?app=&clientid=`), and its stat page (`rtmp_stat all;`)
/// tells whether a client is connected and, for reconciliation, every stream and client
/// (`NginxRTMPControl+Snapshot.swift`).
///
/// Both are per nginx worker, so nginx must run one (`worker_processes 1;`, as in
/// `nginx-rtmp/nginx-rtmp.conf.template`).
public struct NginxRTMPControl: MediaServerControl {
    public struct APIError: Error, CustomStringConvertible {
        public let description: String
    }

    private let http: CurlHTTPClient
    private let control: String
    private let stat: String
    private let app: String
    /// The id the snapshot reports as `serverId`; notifications carry none, so the hook
    /// controller records the same one on every publish.
    let serverId: String
    let runs: NginxRunTracker

    /// - Parameters:
    ///   - controlURL: where `rtmp_control all;` is served, e.g. `http://127.0.0.1:8080/control`.
    ///   - statURL: where `rtmp_stat all;` is served, e.g. `http://127.0.0.1:8080/stat`.
    ///   - app: the RTMP application the sidecar manages.
    ///   - serverId: this nginx's id in snapshots (see `MediaServerSnapshot.serverId`).
    public init(http: CurlHTTPClient, controlURL: String, statURL: String, app: String, serverId: String) {
        self.http = http
        self.control = controlURL.hasSuffix("/") ? String(controlURL.dropLast()) : controlURL
        self.stat = statURL
        self.app = app
        self.serverId = serverId
        self.runs = NginxRunTracker()
    }

    /// Drops the client if it publishes in our app. nginx answers the number of sessions it
    /// dropped: 0 when it had no such publisher.
    public func kick(clientId: String) async throws -> Bool {
        let id = try Self.checkedClientId(clientId)
        var query = URLComponents()
        query.queryItems = [URLQueryItem(name: "app", value: app), URLQueryItem(name: "clientid", value: id)]
        let text = try await fetch(control + "/drop/publisher?" + (query.percentEncodedQuery ?? ""), what: "control")
        guard let dropped = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw APIError(description: "nginx-rtmp control answered something that is not a count of dropped clients")
        }
        return dropped > 0
    }

    public func isConnected(clientId: String) async throws -> Bool {
        let id = try Self.checkedClientId(clientId)
        let stat = try await readStat()
        return stat.streams.contains { stream in stream.clients.contains { $0.id == id } }
    }

    func readStat() async throws -> NginxRTMPStat {
        let text = try await fetch(stat, what: "stat")
        do {
            return try NginxRTMPStat.parse(Data(text.utf8))
        } catch {
            throw APIError(description: "nginx-rtmp stat page \(stat): \(error)")
        }
    }

    /// GETs `url`; an unreachable server or a status other than 200 throws.
    private func fetch(_ text: String, what: String) async throws -> String {
        guard let url = URL(string: text) else { throw APIError(description: "bad nginx-rtmp \(what) URL \(text)") }
        let response: HTTPResponse
        do {
            response = try await http.get(url)
        } catch {
            throw APIError(description: "nginx-rtmp \(what) GET \(url.path) failed: \(error)")
        }
        guard response.status == 200 else {
            // The control module explains a bad request in a short plain-text body.
            let reason = String(decoding: response.body.prefix(120), as: UTF8.self)
            throw APIError(description: "nginx-rtmp \(what) GET \(url.path) answered HTTP \(response.status): \(reason)")
        }
        return String(decoding: response.body, as: UTF8.self)
    }

    /// Client ids come from notifications: nginx's connection numbers, digits only.
    static func checkedClientId(_ id: String) throws -> String {
        guard !id.isEmpty, id.count <= 20, id.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
            throw APIError(description: "not an nginx-rtmp client id: \(id.prefix(64))")
        }
        return id
    }
}
