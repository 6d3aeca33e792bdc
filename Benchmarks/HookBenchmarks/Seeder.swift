import Foundation
import Logging
import SidecarCore
import SidecarStore

/// Makes a data folder `stream-sidecar serve --data-dir` accepts as its own: the same secret
/// files `DataFolder` would create, a migrated SQLite store full of rooms whose key hashes
/// come from that secret, and `rooms.tsv` (live id, clear key) for the load generators.
enum Seeder {
    static func run(dataDir: String, rooms count: Int) async throws {
        let folder = URL(fileURLWithPath: dataDir, isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        // Same format as DataFolder: hex text plus newline, mode 0600; the key secret is
        // used as the UTF-8 bytes of that text, not decoded.
        let secret = randomHex(32)
        try writeSecret(secret, to: folder.appendingPathComponent("key-secret"))
        try writeSecret("sst_" + randomHex(24), to: folder.appendingPathComponent("api-token"))

        let store = try StoreFactory.open(folder.appendingPathComponent("sidecar.sqlite").path, logger: Logger(label: "seed"))
        try await store.migrate()
        guard let seeding = store as? any RoomSeeding else { throw BenchError("the SQLite store cannot bulk-insert") }

        let keys = StreamKeys(secret: Array(secret.utf8))
        let now = Date()
        var rooms: [Room] = []
        var tsv = ""
        rooms.reserveCapacity(count)
        tsv.reserveCapacity(count * 60)
        for index in 0..<count {
            let id = String(format: "room-%06d", index)
            let liveId = Identifiers.random()
            let key = keys.key(roomId: id, liveId: liveId, version: 1)
            rooms.append(Room(
                id: id, owner: String(format: "user-%06d", index), liveId: liveId, keyHash: StreamKeys.hash(key),
                keyVersion: 1, createdAt: now, statusSince: now))
            tsv += "\(liveId)\t\(key)\n"
        }
        let started = ContinuousClock.now
        try await seeding.bulkInsertRooms(rooms)
        try tsv.write(to: folder.appendingPathComponent("rooms.tsv"), atomically: true, encoding: .utf8)
        print("seeded \(count) rooms in \(dataDir) (insert \(ContinuousClock.now - started))")
    }

    private static func writeSecret(_ text: String, to file: URL) throws {
        guard FileManager.default.createFile(atPath: file.path, contents: Data((text + "\n").utf8), attributes: [.posixPermissions: 0o600]) else {
            throw BenchError("cannot write \(file.path)")
        }
    }

    private static func randomHex(_ bytes: Int) -> String {
        (0..<bytes).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
    }
}

/// One seeded room as the load generators need it.
struct SeededRoom: Sendable {
    var liveId: String
    var key: String
}

enum RoomList {
    static func load(dataDir: String) throws -> [SeededRoom] {
        let text = try String(contentsOfFile: dataDir + "/rooms.tsv", encoding: .utf8)
        return text.split(separator: "\n").map { line in
            let fields = line.split(separator: "\t")
            return SeededRoom(liveId: String(fields[0]), key: String(fields[1]))
        }
    }
}

/// After the pair run: every accepted publish must have been ended by its unpublish (no room
/// left live) and both must have written their event, i.e. the state change was durable.
enum StoreCheck {
    static func run(dataDir: String, expectedPairs: Int) async throws {
        let store = try StoreFactory.open(dataDir + "/sidecar.sqlite", logger: Logger(label: "check"))
        let live = try await store.rooms(status: .live, afterId: nil, limit: 1000)
        var counts: [String: Int] = [:]
        var after: Int64 = 0
        while true {
            let page = try await store.events(afterId: after, limit: 10_000)
            guard let last = page.last else { break }
            for event in page { counts[event.type, default: 0] += 1 }
            after = last.id
        }
        let lives = counts[EventType.roomLive.rawValue, default: 0]
        let idles = counts[EventType.roomIdle.rawValue, default: 0]
        let ok = live.isEmpty && lives == expectedPairs && idles == expectedPairs
        print("CHECK ok=\(ok ? 1 : 0) live_rooms=\(live.count) live_events=\(lives) idle_events=\(idles) expected=\(expectedPairs)")
    }
}

/// Ports nothing listens on: bound to the loopback, read back, released. The daemon gets
/// one; the SRS API and HLS base get others, so their probes are refused at once.
enum FreePorts {
    static func take(_ count: Int) throws -> [UInt16] {
        let sockets = try (0..<count).map { _ in try Socket.bindLoopback() }
        defer { sockets.forEach { close($0.fd) } }
        return sockets.map(\.port)
    }
}
