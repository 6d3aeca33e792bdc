/// EXT-X-PLAYLIST-TYPE.
public enum PlaylistType: String, Sendable, Equatable, Codable {
    case event = "EVENT"
    case vod = "VOD"
}

/// A decimal-resolution such as `1280x720`.
public struct Resolution: Sendable, Hashable, Codable, CustomStringConvertible {
    public var width: Int
    public var height: Int

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    public var description: String { "\(width)x\(height)" }
}

/// A sub-range of a resource: `length[@offset]`. A nil offset means "right after the
/// previous sub-range of the same resource".
public struct ByteRange: Sendable, Hashable, Codable, CustomStringConvertible {
    public var length: Int
    public var offset: Int?

    public init(length: Int, offset: Int? = nil) {
        self.length = length
        self.offset = offset
    }

    public var description: String { offset.map { "\(length)@\($0)" } ?? "\(length)" }
}

/// A hexadecimal-sequence attribute such as an IV. Encoded in JSON as its `0x…` text.
public struct HexSequence: Sendable, Hashable, Codable, CustomStringConvertible {
    public var bytes: [UInt8]

    public init(bytes: [UInt8]) { self.bytes = bytes }

    /// Upper-case `0x…` form; a leading zero nibble is shown when the input had an odd count.
    public var description: String {
        let digits: [UInt8] = Array("0123456789ABCDEF".utf8)
        var text: [UInt8] = [UInt8(ascii: "0"), UInt8(ascii: "x")]
        text.reserveCapacity(2 + bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = NumberParser.hexSequence(Array(text.utf8)[...]) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "not a hexadecimal-sequence: \(text)")
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// EXT-X-START: where a client should start playing.
public struct StartPoint: Sendable, Equatable, Codable {
    /// Seconds from the start of the playlist, or from its end when negative.
    public var timeOffset: Double
    public var precise: Bool
    public var line: Int
}

/// A tag this parser does not know, kept so callers can see it; RFC 8216 section 6.3.1
/// requires clients to ignore such tags rather than fail.
public struct UnknownTag: Sendable, Equatable, Codable {
    /// The name without `#`, such as `EXT-X-FOO`.
    public var name: String
    /// Everything after the first `:`, or nil when the tag has no value.
    public var value: String?
    public var line: Int
}

/// EXT-X-DEFINE. Variables are recorded, not substituted.
public struct VariableDefinition: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Equatable, Codable {
        /// `NAME` with `VALUE`.
        case value
        /// `IMPORT`: taken from the master playlist.
        case `import`
        /// `QUERYPARAM`: taken from the playlist URL's query.
        case queryParameter
    }

    public var kind: Kind
    public var name: String
    /// The value for `.value` definitions; nil otherwise.
    public var value: String?
    public var line: Int
}
