import Foundation

/// A recording as the API, the CLI's `--json` and events show it: no absolute path (the
/// platform downloads through `/api/v1/recordings/{id}/file`), the file relative to its root.
public struct RecordingView: Sendable, Codable, Equatable {
    public var id: String
    public var roomId: String?
    public var owner: String?
    public var liveId: String
    public var app: String
    public var sessionId: String?
    public var file: String
    public var startedAt: Date
    public var endedAt: Date
    public var size: Int64
    public var status: RecordingStatus
    public var reason: String?
    public var detail: String?
    public var media: RecordingMedia?
    public var origin: RecordingOrigin
    public var sourceId: String?
    public var contentType: String
    public var indexedAt: Date
    public var checkedAt: Date

    public init(_ recording: Recording) {
        id = recording.id
        roomId = recording.roomId
        owner = recording.owner
        liveId = recording.liveId
        app = recording.app
        sessionId = recording.sessionId
        file = recording.relativePath
        startedAt = recording.startedAt
        endedAt = recording.endedAt
        size = recording.size
        status = recording.status
        reason = recording.reason
        detail = recording.detail
        media = recording.media
        origin = recording.origin
        sourceId = recording.sourceId
        contentType = RecordingName.contentType(forExtension: (recording.path as NSString).pathExtension)
        indexedAt = recording.indexedAt
        checkedAt = recording.checkedAt
    }
}

/// One page of recordings as the API shows it.
public struct RecordingViewPage: Sendable, Codable, Equatable {
    public var recordings: [RecordingView]
    /// Pass as `cursor` for the next page; absent on the last one.
    public var nextCursor: String?

    public init(_ page: RecordingPage) {
        recordings = page.recordings.map(RecordingView.init)
        nextCursor = page.next?.encoded
    }
}
