/// A playlist that could not be parsed, with the 1-based line that caused it when there is one.
///
/// The description reads like `line 7: EXT-X-STREAM-INF: BANDWIDTH is required`.
public struct PlaylistError: Error, CustomStringConvertible, Equatable, Sendable, Codable {
    /// What kind of problem stopped the parse. Codes are compared, never switched over
    /// exhaustively, so new ones can be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible, Codable {
        private enum Base: String, Hashable, Sendable {
            case missingHeader, tooLarge, lineTooLong, tooManySegments, tooManyAttributes
            case tooManyKeys, invalidEncoding, invalidTag, duplicateTag, misplacedTag
            case invalidAttribute, missingAttribute, invalidNumber, invalidDate
            case missingURI, unexpectedURI, mixedPlaylist
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The first non-blank line is not `#EXTM3U`.
        public static let missingHeader = Code(.missingHeader)
        /// The input is larger than `Limits.maxBytes`.
        public static let tooLarge = Code(.tooLarge)
        /// A line is longer than `Limits.maxLineLength`.
        public static let lineTooLong = Code(.lineTooLong)
        /// The playlist has more segments than `Limits.maxSegments`.
        public static let tooManySegments = Code(.tooManySegments)
        /// An attribute list has more attributes than `Limits.maxAttributesPerLine`.
        public static let tooManyAttributes = Code(.tooManyAttributes)
        /// More EXT-X-KEY formats apply at once than `Limits.maxConcurrentKeys`.
        public static let tooManyKeys = Code(.tooManyKeys)
        /// Text that is not UTF-8 or contains control characters.
        public static let invalidEncoding = Code(.invalidEncoding)
        /// A known tag whose value is malformed or missing.
        public static let invalidTag = Code(.invalidTag)
        /// A tag that may appear once appears again.
        public static let duplicateTag = Code(.duplicateTag)
        /// A tag in a place the RFC forbids, such as EXT-X-MEDIA-SEQUENCE after a segment.
        public static let misplacedTag = Code(.misplacedTag)
        /// An attribute list that does not lex, or an attribute of the wrong type or value.
        public static let invalidAttribute = Code(.invalidAttribute)
        /// A required attribute is absent.
        public static let missingAttribute = Code(.missingAttribute)
        /// A number that does not parse, overflows, is not finite or is negative where unsigned.
        public static let invalidNumber = Code(.invalidNumber)
        /// A date that is not ISO 8601.
        public static let invalidDate = Code(.invalidDate)
        /// EXTINF or EXT-X-STREAM-INF without the URI line that must follow it.
        public static let missingURI = Code(.missingURI)
        /// A URI line with no EXTINF or EXT-X-STREAM-INF before it.
        public static let unexpectedURI = Code(.unexpectedURI)
        /// Master playlist tags and media playlist tags in the same playlist.
        public static let mixedPlaylist = Code(.mixedPlaylist)

        /// The code's stable name, such as `missingAttribute`.
        public var description: String { base.rawValue }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            let name = try container.decode(String.self)
            guard let base = Base(rawValue: name) else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "unknown playlist error code \(name)")
            }
            self.base = base
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(base.rawValue)
        }
    }

    public var code: Code
    /// The 1-based line number, or nil for problems with the input as a whole.
    public var line: Int?
    public var message: String

    public init(code: Code, line: Int?, message: String) {
        self.code = code
        self.line = line
        self.message = message
    }

    public var description: String {
        guard let line else { return message }
        return "line \(line): \(message)"
    }
}
