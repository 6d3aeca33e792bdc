import Foundation
import Hummingbird
import HummingbirdTesting
import SidecarCore
import TestFixtures
import Testing

/// The SRS contract, replayed: every hook a real SRS (6.0.157 and 7.0.18) sent in a
/// scenario, in SRS's own order (`sequences.json`), each rebuilt from the captured request
/// of that action with the scenario's client id, and sent through the daemon's router.
/// Each answer must be the exact allow SRS accepts (HTTP 200, `{"code":0}`), and the room
/// must end where SRS left it, including the kick's `on_dvr`-before-`on_unpublish` order.
@Suite("SRS contract: captured hook sequences replayed in order")
struct SRSContractReplayTests {
    struct Step {
        var action: String
        var method: String
        var clientId: String?
        var stream: String?
        var path: String?
    }

    static let versions = ["srs-6.0.157", "srs-7.0.18"]
    static let scenarios = ["publish_play_unpublish", "kick"]

    static func steps(_ version: String, _ scenario: String) throws -> [Step] {
        let all = try JSONSerialization.jsonObject(with: Data(Fixtures.bytes("srs-hooks/\(version)/sequences.json"))) as! [String: Any]
        let key = try #require(all.keys.first { $0.hasPrefix(scenario) }, "\(version) has no \(scenario) sequence")
        return (all[key] as! [[String: Any]]).map { step in
            Step(action: step["action"] as! String, method: step["method"] as! String, clientId: step["client_id"] as? String,
                 stream: step["stream"] as? String, path: step["path"] as? String)
        }
    }

    /// The captured request of `action` with the step's client and stream, and the capture's
    /// stream names and `?secret=` replaced by the room's liveId and key.
    static func body(_ version: String, _ step: Step, liveId: String, key: String) throws -> ByteBuffer {
        let captured = try JSONSerialization.jsonObject(with: Data(Fixtures.bytes("srs-hooks/\(version)/\(step.action).json"))) as! [[String: Any]]
        var body = try #require(captured.first { ($0["method"] as? String) == "POST" }?["body"] as? [String: Any])
        if let clientId = step.clientId { body["client_id"] = clientId }
        if let stream = step.stream { body["stream"] = stream }
        for (name, value) in body {
            guard let text = value as? String else { continue }
            body[name] = rename(text, liveId: liveId)
        }
        if let param = body["param"] as? String, param.contains("secret=") || step.action == "on_publish" {
            body["param"] = "?key=\(key)"
        }
        return ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body))
    }

    /// `on_hls_notify` as the repo's srs.conf asks SRS to send it: its URL template (the
    /// capture used another one) filled with the captured request's values.
    static func notifyURI(capturedPath: String, liveId: String) throws -> String {
        let captured = URLComponents(string: "http://srs" + rename(capturedPath, liveId: liveId))?.queryItems ?? []
        let conf = try String(contentsOf: repositoryRoot.appendingPathComponent("srs.conf"), encoding: .utf8)
        let line = try #require(conf.split(separator: "\n").first { $0.trimmingCharacters(in: .whitespaces).hasPrefix("on_hls_notify") })
        let url = try #require(line.split(separator: " ").last?.trimmingCharacters(in: CharacterSet(charactersIn: ";")))
        var uri = String(url.dropFirst("http://127.0.0.1:8085".count))
        for item in captured {
            uri = uri.replacingOccurrences(of: "[\(item.name)]", with: item.value ?? "")
        }
        #expect(!uri.contains("["), "every placeholder of srs.conf's on_hls_notify is in the capture: \(uri)")
        return uri
    }

    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func rename(_ text: String, liveId: String) -> String {
        text.replacingOccurrences(of: "room1", with: liveId).replacingOccurrences(of: "room2", with: liveId)
            .replacingOccurrences(of: "room3", with: liveId)
    }

    @Test("every hook of the scenario answers exactly what SRS accepts, and the room ends idle",
          arguments: versions, scenarios)
    func replay(_ version: String, _ scenario: String) async throws {
        let h = try await HTTPHarness()
        defer { h.core.remove() }
        let core = h.core
        let room = try await core.makeRoom()
        let (liveId, key) = (room.liveId, try #require(room.streamKey))
        let steps = try Self.steps(version, scenario)
        #expect(steps.count > 5)
        if scenario == "kick" {
            let dvr = try #require(steps.firstIndex { $0.action == "on_dvr" })
            let unpublish = try #require(steps.firstIndex { $0.action == "on_unpublish" })
            #expect(dvr < unpublish, "the capture has SRS's kick order")
        }
        try await h.app.test(.live) { client async throws -> Void in
            for (index, step) in steps.enumerated() {
                let answer: (status: Int, body: String)
                if step.method == "GET" {
                    let uri = try Self.notifyURI(capturedPath: try #require(step.path), liveId: liveId)
                    answer = try await client.execute(uri: uri, method: .get) { response in
                        (Int(response.status.code), String(buffer: response.body))
                    }
                } else {
                    let body = try Self.body(version, step, liveId: liveId, key: key)
                    answer = try await client.execute(
                        uri: "/hooks/srs", method: .post, headers: [.contentType: "application/json"], body: body
                    ) { response in (Int(response.status.code), String(buffer: response.body)) }
                }
                #expect(answer.status == 200 && answer.body == #"{"code":0}"#, "step \(index) \(step.action): \(answer)")
                if step.action == "on_publish" {
                    #expect(try await core.rooms.get(roomId: room.roomId).status == .live)
                }
            }
        }
        let view = try await h.core.rooms.get(roomId: room.roomId)
        #expect(view.status == .idle, "after \(scenario) the room is idle")
        let plays = steps.filter { $0.action == "on_play" }.count
        let stops = steps.filter { $0.action == "on_stop" }.count
        #expect(view.viewers == plays - stops, "every viewer SRS reported gone is gone")
        // Readiness and viewer events depend on timing; the state changes must not.
        let events = try await h.core.store.events(afterId: 0, limit: 100).map(\.type)
            .filter { ["room.created", "room.live", "room.idle"].contains($0) }
        #expect(events == ["room.created", "room.live", "room.idle"], "one live and one idle, whatever the order of end hooks")
    }

    @Test("the same sequence with the capture's own (wrong) key: the publish is denied in a shape SRS refuses",
          arguments: versions)
    func wrongKeyDenied(_ version: String) async throws {
        let h = try await HTTPHarness()
        defer { h.core.remove() }
        let room = try await h.core.makeRoom()
        let steps = try Self.steps(version, "publish_play_unpublish")
        let publish = try #require(steps.first { $0.action == "on_publish" })
        try await h.app.test(.live) { client async throws -> Void in
            let body = try Self.body(version, publish, liveId: room.liveId, key: "abc123")
            let answer = try await client.execute(
                uri: "/hooks/srs", method: .post, headers: [.contentType: "application/json"], body: body
            ) { response in (Int(response.status.code), try HTTPHarness.json(response.body)) }
            // SRS allows only HTTP 200/201 with code 0: a non-zero code is a deny it logs.
            #expect(answer.0 == 200)
            #expect((answer.1["code"] as? Int).map { $0 != 0 } == true)
            #expect((answer.1["reason"] as? String)?.isEmpty == false)
        }
        #expect(try await h.core.rooms.get(roomId: room.roomId).status == .idle)
    }
}
