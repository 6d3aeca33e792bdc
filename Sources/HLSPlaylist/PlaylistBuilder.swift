import Foundation

/// The mutable state of one parse. Tag handlers live in the `PlaylistBuilder+…` files.
struct PlaylistBuilder {
    enum Kind {
        case media, master
    }

    /// Tags of the segment being read, up to its URI line.
    struct PendingSegment {
        var extinfLine: Int?
        var duration = 0.0
        var title: String?
        var byteRange: ByteRange?
        var discontinuity = false
        var programDateTime: Date?
        var dateRanges: [DateRange] = []
        var gap = false
        var parts: [PartialSegment] = []
    }

    let limits: PlaylistParser.Limits
    let resolver: URIResolver?
    /// Size of the whole input, to estimate the segment count from the first segments.
    let inputSize: Int
    var kind: Kind?
    var kindLine = 0
    var version: Int?
    var independentSegments = false
    var start: StartPoint?
    var defines: [VariableDefinition] = []
    var unknownTags: [UnknownTag] = []
    /// Tags that may appear only once and have appeared.
    var seenOnceTags: Set<TagName> = []

    var media = MediaPlaylist()
    var segment = PendingSegment()
    /// Tags that apply to every following segment until replaced.
    var keys: [EncryptionKey] = []
    var map: InitializationSection?
    var bitrate: Int?
    var discontinuities = 0

    var master = MasterPlaylist()
    var pendingVariant: VariantStream?

    init(limits: PlaylistParser.Limits, resolver: URIResolver?, inputSize: Int) {
        self.limits = limits
        self.resolver = resolver
        self.inputSize = inputSize
    }

    func resolve(_ uri: String) -> String? {
        URIResolver.resolve(uri, with: resolver)
    }

    /// - Parameter consumed: bytes of input read so far, including this line.
    mutating func handleURILine(_ text: Bytes, line: Int, consumed: Int) throws(PlaylistError) {
        guard let uri = Text.decode(text) else {
            throw PlaylistError(
                code: .invalidEncoding, line: line,
                message: "URI is not UTF-8 text without control characters")
        }
        if var variant = pendingVariant {
            variant.uri = uri
            variant.resolvedURI = resolve(uri)
            master.variants.append(variant)
            pendingVariant = nil
        } else if segment.extinfLine != nil {
            if media.segments.count == Self.segmentsBeforeEstimate {
                reserveSegments(consumed: consumed)
            }
            try appendSegment(uri: uri, line: line)
        } else {
            let needed = kind == .master ? "EXT-X-STREAM-INF" : "EXTINF"
            throw PlaylistError(
                code: .unexpectedURI, line: line, message: "URI line without a preceding \(needed)")
        }
    }

    private static let segmentsBeforeEstimate = 64

    /// Growing a large segment array by doubling copies megabytes of segments. Once the first
    /// segments show how many bytes a segment takes, reserve room for the rest in one step;
    /// a wrong guess costs one more doubling or some slack, never correctness.
    private mutating func reserveSegments(consumed: Int) {
        guard consumed > 0 else { return }
        let perSegment = Double(consumed) / Double(Self.segmentsBeforeEstimate)
        let estimate = (Double(inputSize) / perSegment * 1.05).rounded(.up)
        media.segments.reserveCapacity(Int(min(estimate, Double(limits.maxSegments))))
    }

    func required(_ value: Bytes?, _ tag: TagName, _ line: Int) throws(PlaylistError) -> Bytes {
        guard let value, !value.isEmpty else {
            throw PlaylistError(code: .invalidTag, line: line, message: "\(tag.rawValue) requires a value")
        }
        return value
    }

    func attributes(_ value: Bytes?, _ tag: TagName, _ line: Int) throws(PlaylistError) -> AttributeList {
        try AttributeList(
            try required(value, tag, line), tag: tag.rawValue, line: line,
            maxAttributes: limits.maxAttributesPerLine)
    }

    func integer(_ value: Bytes, _ tag: TagName, _ line: Int) throws(PlaylistError) -> Int {
        do throws(NumberError) {
            return try NumberParser.decimalInteger(value)
        } catch {
            let problem = error == .outOfRange ? "out of range" : "not a decimal-integer"
            throw PlaylistError(
                code: .invalidNumber, line: line,
                message: "\(tag.rawValue): value is \(problem): \(Text.snippet(value))")
        }
    }

    mutating func finish() throws(PlaylistError) -> Playlist {
        if let variant = pendingVariant {
            throw PlaylistError(
                code: .missingURI, line: variant.line, message: "EXT-X-STREAM-INF is not followed by a URI")
        }
        if let line = segment.extinfLine {
            throw PlaylistError(code: .missingURI, line: line, message: "EXTINF is not followed by a URI")
        }
        if kind == .master {
            master.version = version
            master.independentSegments = independentSegments
            master.start = start
            master.defines = defines
            master.unknownTags = unknownTags
            return .master(master)
        }
        media.version = version
        media.independentSegments = independentSegments
        media.start = start
        media.defines = defines
        media.unknownTags = unknownTags
        media.trailingParts = segment.parts
        media.trailingDateRanges = segment.dateRanges
        media.firstMediaTagLine = kind == .media ? kindLine : nil
        return .media(media)
    }
}
