import Foundation

/// Which recordings to list, and where a page starts.
///
/// Newest first by (`startedAt`, `id`) by default; `oldestFirst` for retention, which walks
/// from the oldest. A page continues after `after`, the (time, id) of the previous page's
/// last row, so pages never repeat or skip a row, whatever is indexed meanwhile.
public struct RecordingQuery: Sendable, Equatable {
    public var roomId: String?
    public var owner: String?
    public var liveId: String?
    public var app: String?
    public var status: RecordingStatus?
    /// `startedAt >= from`.
    public var from: Date?
    /// `startedAt < to`.
    public var to: Date?
    public var oldestFirst: Bool
    public var after: RecordingCursor?
    public var limit: Int

    public init(
        roomId: String? = nil, owner: String? = nil, liveId: String? = nil, app: String? = nil,
        status: RecordingStatus? = nil, from: Date? = nil, to: Date? = nil, oldestFirst: Bool = false,
        after: RecordingCursor? = nil, limit: Int = 50
    ) {
        self.roomId = roomId
        self.owner = owner
        self.liveId = liveId
        self.app = app
        self.status = status
        self.from = from
        self.to = to
        self.oldestFirst = oldestFirst
        self.after = after
        self.limit = limit
    }
}

/// A position in the (startedAt, id) order: the last row of a page. Opaque to API callers
/// (base64url of `<unix ms>:<id>`).
public struct RecordingCursor: Sendable, Equatable, Hashable {
    /// Unix milliseconds, as stored.
    public var startedAtMillis: Int64
    public var id: String

    public init(startedAtMillis: Int64, id: String) {
        self.startedAtMillis = startedAtMillis
        self.id = id
    }

    public init(_ recording: Recording) {
        self.init(startedAtMillis: Int64((recording.startedAt.timeIntervalSince1970 * 1000).rounded()), id: recording.id)
    }

    public var encoded: String {
        Data("\(startedAtMillis):\(id)".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    public init(encoded: String) throws(SidecarError) {
        var text = encoded.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while text.count % 4 != 0 { text += "=" }
        guard encoded.count <= 200, let data = Data(base64Encoded: text), let plain = String(data: data, encoding: .utf8),
            let colon = plain.firstIndex(of: ":"), let millis = Int64(plain[..<colon])
        else {
            throw SidecarError(.invalidInput, "the cursor is not one this API returned")
        }
        let id = String(plain[plain.index(after: colon)...])
        guard Identifiers.isValidRoomId(id) else { throw SidecarError(.invalidInput, "the cursor is not one this API returned") }
        self.init(startedAtMillis: millis, id: id)
    }
}

/// One page of recordings and the cursor of the next page (nil on the last one).
public struct RecordingPage: Sendable, Equatable {
    public var recordings: [Recording]
    public var next: RecordingCursor?

    public init(recordings: [Recording], next: RecordingCursor?) {
        self.recordings = recordings
        self.next = next
    }
}
