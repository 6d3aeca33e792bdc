import Foundation
import Logging

/// The recordings of the media server: indexed when a recording finishes, listed, served,
/// deleted, pruned by retention, verified and repaired. No HTTP, no SQL, no FFmpeg here:
/// the store, the inspector and the file system's plain calls do the work.
///
/// Every path is resolved and proved to be inside a recordings root (`RecordingPath`)
/// before anything reads, serves or deletes it. Work on one file runs under that file's lock
/// (in this process); across processes (the ops CLI beside the daemon) the store keeps each
/// change atomic, and an update never brings back a row another process deleted.
public struct RecordingService: Sendable {
    let store: any RoomStore & RecordingStore
    let inspector: any RecordingInspecting
    public let settings: RecordingSettings
    let locks: KeyedLocks
    let now: @Sendable () -> Date
    let logger: Logger
    let realpath: @Sendable (String) -> String?

    public init(
        store: any RoomStore & RecordingStore, inspector: any RecordingInspecting, settings: RecordingSettings,
        locks: KeyedLocks = KeyedLocks(), now: @escaping @Sendable () -> Date = { Date() }, logger: Logger,
        realpath: @escaping @Sendable (String) -> String? = RecordingPath.systemRealpath
    ) {
        self.store = store
        self.inspector = inspector
        self.settings = settings
        self.locks = locks
        self.now = now
        self.logger = logger
        self.realpath = realpath
    }

    // MARK: Reading

    public func get(id: String) async throws -> Recording {
        guard Identifiers.isValidRoomId(id), let recording = try await store.recording(id: id) else {
            throw SidecarError(.notFound, "no recording \(id)")
        }
        return recording
    }

    public static let maxPage = 500

    /// One page, newest first. `cursor` is the `next` of the previous page.
    public func list(_ filter: RecordingFilter, cursor: String?, limit: Int) async throws -> RecordingPage {
        guard (1...Self.maxPage).contains(limit) else { throw SidecarError(.invalidInput, "limit must be 1-\(Self.maxPage)") }
        var query = try filter.query()
        if let cursor { query.after = try RecordingCursor(encoded: cursor) }
        query.limit = limit + 1
        let rows = try await store.recordings(query)
        let page = Array(rows.prefix(limit))
        return RecordingPage(recordings: page, next: rows.count > limit ? page.last.map(RecordingCursor.init) : nil)
    }

    /// The file of a recording, ready to be served: contained in a root (checked again now,
    /// in case a link was swapped in since it was indexed) and present.
    public func file(id: String) async throws -> RecordingFile {
        let recording = try await get(id: id)
        let location: RecordingLocation
        do {
            location = try RecordingPath.contain(recording.path, roots: settings.roots, realpath: realpath)
        } catch where error.code == .notFound {
            throw SidecarError(.notFound, "the file of recording \(id) is missing")
        } catch {
            logger.warning("recording file refused", metadata: ["recording.id": "\(id)", "reason": "\(error)"])
            throw SidecarError(.conflict, "the file of recording \(id) is no longer inside the recordings roots")
        }
        guard let facts = RecordingFiles.facts(location.path), facts.isRegularFile else {
            throw SidecarError(.notFound, "the file of recording \(id) is missing")
        }
        let ext = (location.path as NSString).pathExtension
        return RecordingFile(
            recording: recording, path: location.path, size: facts.size, modifiedAt: facts.modifiedAt,
            contentType: RecordingName.contentType(forExtension: ext))
    }

    func lockKey(_ path: String) -> String { "recording:" + path }
}

/// A recording's file as it is now, to serve.
public struct RecordingFile: Sendable, Equatable {
    public var recording: Recording
    public var path: String
    public var size: Int64
    public var modifiedAt: Date
    public var contentType: String
}

/// The API's and the CLI's list filters, checked before they reach the store.
public struct RecordingFilter: Sendable, Equatable {
    public var roomId: String?
    public var owner: String?
    public var liveId: String?
    public var app: String?
    public var status: RecordingStatus?
    public var from: Date?
    public var to: Date?

    public init(
        roomId: String? = nil, owner: String? = nil, liveId: String? = nil, app: String? = nil, status: RecordingStatus? = nil,
        from: Date? = nil, to: Date? = nil
    ) {
        self.roomId = roomId
        self.owner = owner
        self.liveId = liveId
        self.app = app
        self.status = status
        self.from = from
        self.to = to
    }

    func query() throws(SidecarError) -> RecordingQuery {
        if let roomId, !Identifiers.isValidRoomId(roomId) { throw SidecarError(.invalidInput, "roomId is not a valid room id") }
        if let owner, !Identifiers.isValidOwner(owner) { throw SidecarError(.invalidInput, "owner is not a valid owner name") }
        if let liveId, !Identifiers.isValidRoomId(liveId) { throw SidecarError(.invalidInput, "liveId is not a valid live id") }
        if let app, !Identifiers.isValidRoomId(app) { throw SidecarError(.invalidInput, "app is not a valid app name") }
        if let from, let to, from >= to { throw SidecarError(.invalidInput, "from must be before to") }
        return RecordingQuery(roomId: roomId, owner: owner, liveId: liveId, app: app, status: status, from: from, to: to)
    }
}
