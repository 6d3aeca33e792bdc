import Foundation

/// The recordings index, behind the same data-access layer as rooms. Every method is one
/// transaction; an event passed in is written in the same transaction as the change.
public protocol RecordingStore: Sendable {
    /// Inserts the recording unless one with its path is indexed (`.existing`, nothing written).
    func insertRecording(_ recording: Recording, event: EventDraft?) async throws -> InsertRecordingOutcome
    /// Replaces the row with the same id, if it is still there; false (nothing written, no
    /// event) when it was deleted meanwhile: a verify never brings a deleted recording back.
    func updateRecording(_ recording: Recording, event: EventDraft?) async throws -> Bool
    func recording(id: String) async throws -> Recording?
    func recording(path: String) async throws -> Recording?
    /// One page in (startedAt, id) order, newest first unless `oldestFirst`.
    func recordings(_ query: RecordingQuery) async throws -> [Recording]
    /// Deletes the row; returns it, or nil when it was already gone (then no event is written).
    func deleteRecording(id: String, event: @escaping @Sendable (Recording) -> EventDraft?) async throws -> Recording?
    /// Count and bytes of the recordings matching the query's filters (cursor and limit ignored).
    func recordingTotals(_ query: RecordingQuery) async throws -> RecordingTotals
    /// Recordings per room id (rows without a room are left out).
    func recordingCountsByRoom() async throws -> [String: Int]
}

public enum InsertRecordingOutcome: Sendable, Equatable {
    case inserted(Recording)
    case existing(Recording)
}

public struct RecordingTotals: Sendable, Equatable {
    public var count: Int
    public var bytes: Int64

    public init(count: Int, bytes: Int64) {
        self.count = count
        self.bytes = bytes
    }
}
