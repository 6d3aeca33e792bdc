import Foundation
import Hummingbird
import HummingbirdTesting
import SidecarCore
import SidecarTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("Events and deliveries /api/v1")
struct EventsAPITests {
    @Test("polling: pages after an id, with the next cursor; bad input and missing auth refused")
    func polling() async throws {
        let h = try await HTTPHarness()
        let core = h.core
        defer { core.remove() }
        try await h.app.test(.live) { client async throws -> Void in
            for index in 1...3 { _ = try await core.makeRoom("r\(index)", owner: "o\(index)") }
            let first = try await RoomAPITests.call(client, .get, "/api/v1/events?after=0&limit=2")
            #expect(first.status == 200)
            let events = try #require(first.json["events"] as? [[String: Any]])
            #expect(events.map { $0["type"] as? String } == ["room.created", "room.created"])
            #expect(events.map { $0["roomId"] as? String } == ["r1", "r2"])
            let next = try #require(first.json["next"] as? Int)
            #expect(next == events.last?["id"] as? Int)
            let data = try #require(events[0]["data"] as? [String: Any])
            #expect(data["owner"] as? String == "o1" && data["status"] as? String == "idle")
            #expect((events[0]["timestamp"] as? String)?.hasSuffix("Z") == true)
            #expect(events[0]["sequence"] as? Int == 1)

            let rest = try await RoomAPITests.call(client, .get, "/api/v1/events?after=\(next)")
            #expect((rest.json["events"] as? [[String: Any]])?.map { $0["roomId"] as? String } == ["r3"])
            let none = try await RoomAPITests.call(client, .get, "/api/v1/events?after=\(next + 1)")
            #expect((none.json["events"] as? [Any])?.isEmpty == true && none.json["next"] as? Int == next + 1)

            #expect(try await RoomAPITests.call(client, .get, "/api/v1/events?after=-1").status == 400)
            #expect(try await RoomAPITests.call(client, .get, "/api/v1/events?after=0&limit=5000").status == 400)
            #expect(try await RoomAPITests.call(client, .get, "/api/v1/events?after=0", headers: [:]).status == 401)
        }
    }

    @Test("stream: replays after Last-Event-ID, then sends new events as they commit")
    func stream() async throws {
        let h = try await HTTPHarness()
        let core = h.core
        defer { core.remove() }
        try await h.app.test(.live) { client async throws -> Void in
            let port = try #require(client.port)
            _ = try await core.makeRoom("r1", owner: "o1")
            _ = try await core.makeRoom("r2", owner: "o2")

            let replay = try EventStreamReader(port: port, headers: ["Last-Event-ID: 1"])
            defer { replay.close() }
            let head = try replay.readFrames(count: 1)
            #expect(head[0].id == "2" && head[0].event == "room.created" && head[0].data.contains(#""roomId":"r2""#))

            let fresh = try EventStreamReader(port: port, headers: [])
            defer { fresh.close() }
            _ = try await core.makeRoom("r3", owner: "o3")
            let live = try replay.readFrames(count: 1)
            #expect(live[0].id == "3", "a new event reaches an open stream")
            let fromNow = try fresh.readFrames(count: 1)
            #expect(fromNow[0].id == "3", "a stream without Last-Event-ID starts after the newest event")
            #expect(replay.header.lowercased().contains("content-type: text/event-stream"))
        }
    }

    @Test("deliveries: listing, filters, and clear errors")
    func deliveries() async throws {
        let h = try await HTTPHarness()
        let core = h.core
        defer { core.remove() }
        try await h.app.test(.live) { client async throws -> Void in
            let empty = try await RoomAPITests.call(client, .get, "/api/v1/webhooks/deliveries?state=failed")
            #expect(empty.status == 200 && (empty.json["deliveries"] as? [Any])?.isEmpty == true)
            #expect(try await RoomAPITests.call(client, .get, "/api/v1/webhooks/deliveries?state=lost").status == 400)
            #expect(try await RoomAPITests.call(client, .post, "/api/v1/webhooks/deliveries/99/retry").status == 404)
            #expect(try await RoomAPITests.call(client, .post, "/api/v1/webhooks/deliveries/x/retry").status == 400)
        }
    }
}

/// Reads a Server-Sent Events response over a plain socket, frame by frame (the test
/// clients at hand collect whole bodies, which a stream never ends).
final class EventStreamReader {
    struct Frame {
        var id: String?
        var event: String?
        var data: String
    }

    private let fd: Int32
    private var buffer = ""
    private(set) var header = ""

    init(port: Int, headers: [String]) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw StreamError("connect failed") }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let request = (["GET /api/v1/events HTTP/1.1", "Host: 127.0.0.1", "Authorization: Bearer \(HTTPHarness.token)",
            "Accept: text/event-stream"] + headers).joined(separator: "\r\n") + "\r\n\r\n"
        _ = request.withCString { send(fd, $0, strlen($0), 0) }
        while !buffer.contains("\r\n\r\n") { try fill() }
        let parts = buffer.components(separatedBy: "\r\n\r\n")
        header = parts[0]
        buffer = parts.dropFirst().joined(separator: "\r\n\r\n")
    }

    func close() { _ = Glibc.close(fd) }

    /// The next `count` event frames (comments and `retry:` lines skipped). The body is
    /// chunked: chunk-size lines are dropped by keeping only SSE field lines.
    func readFrames(count: Int) throws -> [Frame] {
        var frames: [Frame] = []
        while frames.count < count {
            if let range = buffer.range(of: "\n\n") {
                let block = String(buffer[..<range.lowerBound])
                buffer = String(buffer[range.upperBound...])
                var frame = Frame(data: "")
                // "\r\n" (chunk framing) is one Character in Swift: normalise before splitting.
                for line in block.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n") {
                    let text = String(line)
                    if text.hasPrefix("id: ") { frame.id = String(text.dropFirst(4)) }
                    if text.hasPrefix("event: ") { frame.event = String(text.dropFirst(7)) }
                    if text.hasPrefix("data: ") { frame.data = String(text.dropFirst(6)) }
                }
                if frame.event != nil { frames.append(frame) }
            } else {
                try fill()
            }
        }
        return frames
    }

    private func fill() throws {
        var bytes = [UInt8](repeating: 0, count: 65_536)
        let count = recv(fd, &bytes, bytes.count, 0)
        guard count > 0 else { throw StreamError("the stream ended or timed out") }
        buffer += String(decoding: bytes[..<count], as: UTF8.self)
    }
}

struct StreamError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
