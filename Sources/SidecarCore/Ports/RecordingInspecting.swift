import Foundation

/// Reads recordings with the media inspector (an adapter around MediaInspector, which
/// owns every FFmpeg object): what is in a file, and a remux of its readable media.
public protocol RecordingInspecting: Sendable {
    /// Inspects a file: its media, or why it cannot be played as it is. Never throws: a file
    /// that cannot be read is an answer (`problem`), not a failure.
    func inspect(path: String) async -> RecordingCheck
    /// Copies every readable packet of `input` into a new file `output` (which must not
    /// exist), in the container its extension names; `fastStart` puts an MP4's index first.
    /// Throws `RecordingProblem` when nothing could be read or written; `output` is then absent.
    func remux(input: String, output: String, fastStart: Bool) async throws -> RemuxSummary
}

/// What an inspection found.
public struct RecordingCheck: Sendable, Equatable {
    /// nil when nothing could be read.
    public var media: RecordingMedia?
    /// nil when the recording can be played.
    public var problem: RecordingProblem?

    public init(media: RecordingMedia?, problem: RecordingProblem?) {
        self.media = media
        self.problem = problem
    }

    public var status: RecordingStatus { problem == nil ? .ready : .corrupt }
}

/// Why a recording cannot be played as it is: a stable code for scripts and a message for
/// people (FFmpeg's own text included).
public struct RecordingProblem: Error, Sendable, Equatable, Codable, CustomStringConvertible {
    public var code: String
    public var message: String

    public init(_ code: String, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }

    /// An MP4 without its `moov` box (cut off before the muxer wrote it).
    public static let noIndex = "no_index"
    /// The container says there is more than the file holds.
    public static let truncated = "truncated"
    /// The demuxer stopped on damaged data before the end.
    public static let damaged = "damaged"
    /// Not a media container this module reads, or no bytes.
    public static let unreadable = "unreadable"
    /// A container without a stream or a packet.
    public static let noStreams = "no_streams"
    /// The file was not there.
    public static let missing = "missing"
}

/// What a remux wrote.
public struct RemuxSummary: Sendable, Equatable, Codable {
    public var packets: Int
    /// Packets left out (timestamps going backwards, streams the output cannot hold).
    public var dropped: Int
    /// Seconds of media written.
    public var duration: Double?
    /// FFmpeg's text when the input ended in damage rather than at its end (what was readable
    /// before it was still written).
    public var inputError: String?
    public var bytes: Int64

    public init(packets: Int, dropped: Int, duration: Double?, inputError: String?, bytes: Int64) {
        self.packets = packets
        self.dropped = dropped
        self.duration = duration
        self.inputError = inputError
        self.bytes = bytes
    }
}
