import Foundation
import Logging
import SidecarAdapters
import SidecarCore
import SidecarStore
import Synchronization
import TestFixtures
import Testing

/// A settable clock: the service's "now"; file times are set relative to it.
final class TestClock: Sendable {
    private let current: Mutex<Date>
    init(_ date: Date) { current = Mutex(date) }
    var now: Date { current.withLock { $0 } }
    func advance(_ seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

/// The recordings module on a real SQLite store, the real media inspector and a temporary
/// recordings root (`<folder>/dvr`), with a fixed clock.
struct RecordingsHarness: Sendable {
    let folder: String
    /// The recordings root (its real path).
    let root: String
    let store: SQLiteRoomStore
    let clock: TestClock
    let service: RecordingService

    /// A Unix time in whole seconds, so file times round-trip exactly.
    static let start = Date(timeIntervalSince1970: 1_795_400_000)

    init(retention: RetentionRules = RetentionRules(), remuxApps: Set<String> = [], writeGuard: TimeInterval = 10) async throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("recordings-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: base + "/dvr/live", withIntermediateDirectories: true)
        folder = try #require(RecordingPath.systemRealpath(base))
        root = folder + "/dvr"
        var logger = Logger(label: "recordings-test")
        logger.logLevel = .critical
        store = try SQLiteRoomStore(path: folder + "/sidecar.sqlite", logger: logger)
        try await store.migrate()
        clock = TestClock(Self.start)
        let clock = clock
        service = RecordingService(
            store: store, inspector: MediaRecordingInspector(),
            settings: RecordingSettings(roots: [root], writeGuard: writeGuard, remuxApps: remuxApps, retention: retention, parallelism: 2),
            now: { clock.now }, logger: logger)
    }

    /// Another service on the same store, as the ops CLI beside the daemon would be: its own
    /// locks, the same files.
    func secondService() -> RecordingService {
        let clock = clock
        var logger = Logger(label: "recordings-test-cli")
        logger.logLevel = .critical
        return RecordingService(
            store: store, inspector: MediaRecordingInspector(), settings: service.settings, now: { clock.now }, logger: logger)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// Copies a fixture to `relative` under the root, last modified `age` seconds before now.
    @discardableResult
    func place(_ fixture: String, as relative: String, age: TimeInterval = 3600) throws -> String {
        let path = root + "/" + relative
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try? FileManager.default.removeItem(atPath: path)
        try FileManager.default.copyItem(atPath: Fixtures.path(fixture), toPath: path)
        try touch(path, age: age)
        return path
    }

    /// Writes `bytes` to `relative` under the root.
    @discardableResult
    func write(_ bytes: [UInt8], as relative: String, age: TimeInterval = 3600) throws -> String {
        let path = root + "/" + relative
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        try touch(path, age: age)
        return path
    }

    func touch(_ path: String, age: TimeInterval) throws {
        try FileManager.default.setAttributes([.modificationDate: clock.now.addingTimeInterval(-age)], ofItemAtPath: path)
    }

    /// A room streaming as `liveId`, live with publisher `clientId` in session `sessionId`
    /// (or idle when `clientId` is nil).
    func room(_ id: String, liveId: String, owner: String, clientId: String? = nil, sessionId: String = "session-1") async throws {
        var room = Room(
            id: id, owner: owner, liveId: liveId, keyHash: String(repeating: "ab", count: 32), createdAt: Self.start,
            statusSince: Self.start)
        if let clientId {
            room.status = .live
            room.publisher = Publisher(clientId: clientId, ip: "127.0.0.1", since: Self.start.addingTimeInterval(-7200), sessionId: sessionId)
        }
        _ = try await store.createRoom(room, event: EventDraft(.roomCreated, roomId: id, payload: ["id": id]))
    }

    func events(_ prefix: String = "recording.") async throws -> [StoredEvent] {
        try await store.events(afterId: 0, limit: 10_000).filter { $0.type.hasPrefix(prefix) }
    }

    func payload(_ event: StoredEvent) throws -> RecordingEventPayload {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(RecordingEventPayload.self, from: event.payload)
    }

    func count() async throws -> Int { try await store.recordingTotals(RecordingQuery()).count }
}

/// Runs ffmpeg, for tests that make their own recordings. Missing ffmpeg skips the test on
/// a laptop and fails it under CI (`CI=true`), where scripts/setup.sh --test installs it.
enum FFmpeg {
    static let path: String? = ["/usr/bin/ffmpeg", "/usr/local/bin/ffmpeg", "/opt/homebrew/bin/ffmpeg"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    static func require() throws -> String {
        if let path { return path }
        let message = "ffmpeg is not installed (scripts/setup.sh --test installs it)"
        if ProcessInfo.processInfo.environment["CI"] == "true" {
            Issue.record(Comment(rawValue: message))
            throw CancellationError()
        }
        Issue.record(Comment(rawValue: message + " (test skipped)"), severity: .warning)
        try Test.cancel(Comment(rawValue: message))
    }

    /// `ffmpeg -hide_banner -loglevel error -y <arguments>`; throws on a non-zero exit.
    static func run(_ arguments: [String]) async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try require())
        process.arguments = ["-hide_banner", "-loglevel", "error", "-nostdin", "-y"] + arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch { continuation.resume(throwing: error) }
        }
        guard status == 0 else {
            let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            throw FFmpegFailure(description: "ffmpeg exited \(status): \(text)")
        }
    }

    /// A test recording: `seconds` of 320x180 H.264 (1 s GOP) and AAC, in the container the
    /// output's extension names (`-movflags` as given).
    static func record(_ output: String, seconds: Int = 2, extra: [String] = []) async throws {
        try await run([
            "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100",
            "-t", "\(seconds)", "-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-pix_fmt", "yuv420p", "-c:a", "aac",
            "-b:a", "64k",
        ] + extra + [output])
    }
}

struct FFmpegFailure: Error, CustomStringConvertible { let description: String }
