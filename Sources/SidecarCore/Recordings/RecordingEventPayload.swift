import Foundation

/// The payload of `recording.ready`, `recording.failed` and `recording.deleted`: the
/// recording as the API shows it, plus why the event happened.
public struct RecordingEventPayload: Sendable, Codable, Equatable {
    public var recording: RecordingView
    /// What caused the event when it was not the media server's hook: `verify`, `scan`,
    /// `repair`, `retention`, `api`, `cli`.
    public var cause: String?

    public init(_ recording: Recording, cause: String? = nil) {
        self.recording = RecordingView(recording)
        self.cause = cause
    }
}

extension EventDraft {
    /// The event for a recording's status: `recording.ready` when ready, `recording.failed`
    /// otherwise. Room events carry the room id, so a room's recordings arrive in order with
    /// its other events; a recording of no known room is an event of no room.
    static func recording(_ recording: Recording, cause: String? = nil) -> EventDraft {
        let type: EventType = recording.status == .ready ? .recordingReady : .recordingFailed
        return EventDraft(type, roomId: recording.roomId, payload: RecordingEventPayload(recording, cause: cause))
    }

    static func recordingDeleted(_ recording: Recording, cause: String) -> EventDraft {
        EventDraft(.recordingDeleted, roomId: recording.roomId, payload: RecordingEventPayload(recording, cause: cause))
    }
}
