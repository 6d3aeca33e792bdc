/// Why an input could not be inspected.
///
/// One error type for the module; ``Code`` is a struct over a private enum so that codes can be
/// added without breaking anyone's `switch`. `message` is meant for logs and people; callers
/// branch on `code`.
public struct InspectError: Error, CustomStringConvertible, Sendable, Equatable {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: String, Hashable, Sendable {
            case unreadable, noStreams, corrupt, tooLarge, timedOut, unsupported
        }
        private let kind: Kind
        private init(_ kind: Kind) { self.kind = kind }

        /// Nothing to read (missing file, empty input) or no media container recognised in it.
        public static let unreadable = Code(.unreadable)
        /// The container opened but held no stream or no packet.
        public static let noStreams = Code(.noStreams)
        /// The container was recognised but its structure is broken (e.g. no `moov` box).
        public static let corrupt = Code(.corrupt)
        /// The input is larger than ``InspectOptions/maxInputBytes``.
        public static let tooLarge = Code(.tooLarge)
        /// Opening the input took longer than ``InspectOptions/timeout``.
        public static let timedOut = Code(.timedOut)
        /// A format this module does not inspect (or an unknown format hint).
        public static let unsupported = Code(.unsupported)

        public var description: String { kind.rawValue }
    }

    public let code: Code
    /// What went wrong, including FFmpeg's own text when it reported the error.
    public let message: String
    /// FFmpeg's (negative) error code, when the error came from FFmpeg.
    public let averror: Int32?

    public init(_ code: Code, _ message: String, averror: Int32? = nil) {
        self.code = code
        self.message = message
        self.averror = averror
    }

    public var description: String {
        if let averror { return "\(code): \(message) (AVERROR \(averror))" }
        return "\(code): \(message)"
    }
}
