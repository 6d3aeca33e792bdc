import Foundation
import Hummingbird
import HummingbirdTesting
import SidecarCore
import TestFixtures
import Testing

@testable import SidecarHTTP

@Suite("Byte ranges")
struct ByteRangeTests {
    @Test(arguments: [
        (nil, 1000, ByteRange.full),
        ("bytes=0-99", 1000, .partial(0...99)),
        ("bytes=500-", 1000, .partial(500...999)),
        ("bytes=-100", 1000, .partial(900...999)),
        ("bytes=-5000", 1000, .partial(0...999)),
        ("bytes=990-5000", 1000, .partial(990...999)),
        ("bytes=999-999", 1000, .partial(999...999)),
        ("BYTES=1-2", 1000, .partial(1...2)),
        (" bytes= 3 - 4 ", 1000, .partial(3...4)),
        ("bytes=1000-", 1000, .unsatisfiable),
        ("bytes=1000-2000", 1000, .unsatisfiable),
        ("bytes=-0", 1000, .unsatisfiable),
        ("bytes=0-", 0, .unsatisfiable),
        ("bytes=-10", 0, .unsatisfiable),
        ("bytes=99999999999999999999999-", 1000, .unsatisfiable),
        ("bytes=0-99999999999999999999999", 1000, .partial(0...999)),
        // Ignored (the whole file is sent): other units, several ranges, bad syntax.
        ("items=0-1", 1000, .full),
        ("bytes=0-1,5-6", 1000, .full),
        ("bytes=5-1", 1000, .full),
        ("bytes=-", 1000, .full),
        ("bytes=a-b", 1000, .full),
        ("bytes=0x10-", 1000, .full),
        ("bytes", 1000, .full),
    ] as [(String?, Int64, ByteRange)])
    func parse(_ header: String?, _ size: Int64, _ expected: ByteRange) {
        #expect(ByteRange.parse(header, size: size) == expected)
    }
}

@Suite("/api/v1/recordings and on_dvr")
struct RecordingAPITests {
    static func request(
        _ client: some TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, headers: HTTPFields = [:]
    ) async throws -> (status: Int, headers: HTTPFields, body: ByteBuffer) {
        var fields = HTTPHarness.auth
        for field in headers { fields.append(field) }
        return try await client.execute(uri: uri, method: method, headers: fields) { response in
            (Int(response.status.code), response.headers, response.body)
        }
    }

    /// Copies a fixture into the harness's recordings root (an hour old) and indexes it.
    static func record(_ h: HTTPHarness, _ fixture: String, as name: String, liveId: String) async throws -> Recording {
        let path = h.core.recordingsRoot + "/live/" + name
        try FileManager.default.copyItem(atPath: Fixtures.path(fixture), toPath: path)
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-3600)], ofItemAtPath: path)
        let outcome = await h.core.recordings.recordingFinished(path: path, cwd: nil, app: "live", liveId: liveId, clientId: nil)
        guard case .indexed(let recording) = outcome else { throw HTTPError(.internalServerError, message: "\(outcome)") }
        return recording
    }

    @Test("on_dvr from SRS indexes the recording; a path outside the roots is refused but answered")
    func onDVR() async throws {
        let h = try await HTTPHarness()
        defer { h.core.remove() }
        let room = try await h.core.makeRoom()
        let name = "\(room.liveId).1795374821255.flv"
        try FileManager.default.copyItem(atPath: Fixtures.path("recordings/sample.flv"), toPath: h.core.recordingsRoot + "/live/" + name)
        let captured = try JSONSerialization.jsonObject(with: Data(Fixtures.bytes("srs-hooks/on_dvr.json"))) as! [[String: Any]]
        var body = captured[0]["body"] as! [String: Any]
        body["stream"] = room.liveId
        body["cwd"] = (h.core.recordingsRoot as NSString).deletingLastPathComponent
        body["file"] = "./dvr/live/" + name
        let outside = body.merging(["file": "/etc/passwd"]) { $1 }
        let hooks = [try JSONSerialization.data(withJSONObject: body), try JSONSerialization.data(withJSONObject: outside)]
        // Live: the hook guard checks the caller's address.
        try await h.app.test(.live) { client in
            for hook in hooks {
                let answer = try await client.execute(
                    uri: "/hooks/srs", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(bytes: hook)
                ) { response in (response.status, try HTTPHarness.json(response.body)) }
                #expect(answer.0 == .ok && answer.1["code"] as? Int == 0)
            }
            let list = try await Self.request(client, .get, "/api/v1/recordings?roomId=\(room.roomId)")
            let json = try HTTPHarness.json(list.body)
            let recordings = try #require(json["recordings"] as? [[String: Any]])
            #expect(recordings.count == 1)
            #expect(recordings.first?["file"] as? String == "live/" + name)
            #expect(recordings.first?["status"] as? String == "ready")
            #expect(recordings.first?["owner"] as? String == "alice")
            #expect(recordings.first?["startedAt"] as? String == "2026-11-22T19:13:41Z")
            #expect(recordings.first?["path"] == nil, "no absolute path in the API")
        }
    }

    @Test("list: filters, newest first, cursor pages; bad parameters are 400")
    func list() async throws {
        let h = try await HTTPHarness()
        defer { h.core.remove() }
        for index in 0..<7 {
            _ = try await Self.record(h, "recordings/sample.flv", as: "s\(index).\(1_795_374_810_000 + index * 1000).flv", liveId: "s\(index % 2)")
        }
        try await h.app.test(.router) { client in
            var seen: [String] = []
            var uri = "/api/v1/recordings?limit=3"
            while true {
                let page = try HTTPHarness.json(try await Self.request(client, .get, uri).body)
                seen += (page["recordings"] as? [[String: Any]] ?? []).compactMap { $0["file"] as? String }
                guard let next = page["nextCursor"] as? String else { break }
                uri = "/api/v1/recordings?limit=3&cursor=\(next)"
            }
            #expect(seen == (0..<7).reversed().map { "live/s\($0).\(1_795_374_810_000 + $0 * 1000).flv" })

            let s1 = try HTTPHarness.json(try await Self.request(client, .get, "/api/v1/recordings?liveId=s1&status=ready").body)
            #expect((s1["recordings"] as? [Any])?.count == 3)
            let window = try HTTPHarness.json(try await Self.request(
                client, .get, "/api/v1/recordings?from=2026-11-22T19:13:32Z&to=2026-11-22T19:13:34Z").body)
            #expect((window["recordings"] as? [[String: Any]])?.compactMap { $0["file"] as? String } == [
                "live/s3.1795374813000.flv", "live/s2.1795374812000.flv",
            ])

            for bad in ["status=gone", "limit=0", "limit=501", "cursor=%21%21", "from=yesterday", "roomId=a%2Fb",
                        "from=2026-11-22T19:13:34Z&to=2026-11-22T19:13:32Z"] {
                let answer = try await Self.request(client, .get, "/api/v1/recordings?\(bad)")
                #expect(answer.status == 400, "\(bad)")
            }
            let unauthorized = try await client.execute(uri: "/api/v1/recordings", method: .get) { $0.status }
            #expect(unauthorized == .unauthorized)
        }
    }

    @Test("GET /file serves the whole file or one range, with the right type, for a seeking player")
    func fileRanges() async throws {
        let h = try await HTTPHarness()
        defer { h.core.remove() }
        let flv = try await Self.record(h, "recordings/sample.flv", as: "a.1795374821255.flv", liveId: "a")
        let mp4 = try await Self.record(h, "recordings/sample.mp4", as: "b.1795374821255.mp4", liveId: "b")
        let bytes = Fixtures.bytes("recordings/sample.flv")
        let size = bytes.count
        try await h.app.test(.live) { client in
            let uri = "/api/v1/recordings/\(flv.id)/file"
            let full = try await Self.request(client, .get, uri)
            #expect(full.status == 200)
            #expect(full.headers[.contentType] == "video/x-flv")
            #expect(full.headers[.acceptRanges] == "bytes")
            #expect(full.headers[.contentLength] == String(size))
            #expect(Array(full.body.readableBytesView) == bytes)
            let etag = try #require(full.headers[.eTag])

            let cases: [(String, ClosedRange<Int>)] = [
                ("bytes=0-99", 0...99), ("bytes=100-", 100...(size - 1)), ("bytes=-100", (size - 100)...(size - 1)),
                ("bytes=60000-70000", 60000...(size - 1)), ("bytes=\(size - 1)-\(size - 1)", (size - 1)...(size - 1)),
            ]
            for (header, range) in cases {
                let part = try await Self.request(client, .get, uri, headers: [.range: header])
                #expect(part.status == 206, "\(header)")
                #expect(part.headers[.contentRange] == "bytes \(range.lowerBound)-\(range.upperBound)/\(size)", "\(header)")
                #expect(part.headers[.contentLength] == String(range.count))
                #expect(Array(part.body.readableBytesView) == Array(bytes[range]), "\(header)")
                #expect(part.headers[.contentType] == "video/x-flv")
            }

            let beyond = try await Self.request(client, .get, uri, headers: [.range: "bytes=\(size)-"])
            #expect(beyond.status == 416)
            #expect(beyond.headers[.contentRange] == "bytes */\(size)")

            // Ignored ranges: several at once, or an If-Range for another version of the file.
            let multi = try await Self.request(client, .get, uri, headers: [.range: "bytes=0-1,4-5"])
            #expect(multi.status == 200 && multi.body.readableBytes == size)
            let stale = try await Self.request(client, .get, uri, headers: [.range: "bytes=0-1", .ifRange: "\"old\""])
            #expect(stale.status == 200 && stale.body.readableBytes == size)
            let fresh = try await Self.request(client, .get, uri, headers: [.range: "bytes=0-1", .ifRange: etag])
            #expect(fresh.status == 206 && fresh.body.readableBytes == 2)

            let movie = try await Self.request(client, .get, "/api/v1/recordings/\(mp4.id)/file", headers: [.range: "bytes=0-7"])
            #expect(movie.status == 206 && movie.headers[.contentType] == "video/mp4")
            #expect(String(decoding: Array(movie.body.readableBytesView)[4..<8], as: UTF8.self) == "ftyp")

            #expect(try await Self.request(client, .get, "/api/v1/recordings/nope/file").status == 404)
            // The file vanished behind the index's back.
            try FileManager.default.removeItem(atPath: mp4.path)
            let missing = try await Self.request(client, .get, "/api/v1/recordings/\(mp4.id)/file")
            #expect(missing.status == 404)
        }
    }

    @Test("GET one, DELETE (refused while still written), prune dry run")
    func getDeletePrune() async throws {
        let h = try await HTTPHarness()
        defer { h.core.remove() }
        let done = try await Self.record(h, "recordings/sample.flv", as: "a.1795374821255.flv", liveId: "a")
        let writing = try await Self.record(h, "recordings/sample.flv", as: "b.1795374821255.flv", liveId: "b")
        try Data([1]).write(to: URL(fileURLWithPath: writing.path + ".tmp"))
        try await h.app.test(.router) { client in
            let one = try await Self.request(client, .get, "/api/v1/recordings/\(done.id)")
            #expect(one.status == 200)
            let json = try HTTPHarness.json(one.body)
            #expect(json["id"] as? String == done.id && json["contentType"] as? String == "video/x-flv")
            #expect((json["media"] as? [String: Any])?["videoCodec"] as? String == "h264")

            #expect(try await Self.request(client, .delete, "/api/v1/recordings/\(done.id)").status == 200)
            #expect(!FileManager.default.fileExists(atPath: done.path))
            #expect(try await Self.request(client, .get, "/api/v1/recordings/\(done.id)").status == 404)
            #expect(try await Self.request(client, .delete, "/api/v1/recordings/\(done.id)").status == 404)

            let refused = try await Self.request(client, .delete, "/api/v1/recordings/\(writing.id)")
            #expect(refused.status == 409)
            #expect((try HTTPHarness.json(refused.body)["error"] as? [String: Any])?["message"] as? String ?? "" != "")
            #expect(FileManager.default.fileExists(atPath: writing.path))

            let prune = try await Self.request(client, .post, "/api/v1/recordings/prune?dryRun=true")
            #expect(prune.status == 200)
            let report = try HTTPHarness.json(prune.body)
            #expect(report["dryRun"] as? Bool == true && (report["deleted"] as? [Any])?.isEmpty == true)
        }
        let types = try await h.core.store.events(afterId: 0, limit: 100).map(\.type).filter { $0.hasPrefix("recording.") }
        #expect(types == ["recording.ready", "recording.ready", "recording.deleted"])
    }
}
