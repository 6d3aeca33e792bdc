import Foundation

/// EXT-X-KEY METHOD (and EXT-X-SESSION-KEY).
public enum EncryptionMethod: String, Sendable, Equatable, Codable {
    case none = "NONE"
    case aes128 = "AES-128"
    case sampleAES = "SAMPLE-AES"
    case sampleAESCTR = "SAMPLE-AES-CTR"
}

/// EXT-X-KEY or EXT-X-SESSION-KEY.
public struct EncryptionKey: Sendable, Equatable, Codable {
    public var method: EncryptionMethod
    /// Where to get the key; nil only for METHOD=NONE.
    public var uri: String?
    public var resolvedURI: String?
    public var iv: HexSequence?
    /// KEYFORMAT; nil means the default, `identity`.
    public var keyFormat: String?
    public var keyFormatVersions: String?
    public var line: Int

    public var url: URL? { resolvedURI.flatMap { URL(string: $0) } }
}

/// EXT-X-MAP: the initialization section (for fMP4, the `moov`).
public struct InitializationSection: Sendable, Equatable, Codable {
    public var uri: String
    public var resolvedURI: String?
    public var byteRange: ByteRange?
    public var line: Int

    public var url: URL? { resolvedURI.flatMap { URL(string: $0) } }
}

/// EXT-X-DATERANGE.
public struct DateRange: Sendable, Equatable, Codable {
    public var id: String
    /// CLASS.
    public var dateRangeClass: String?
    /// START-DATE; required by RFC 8216, optional in RFC 8216bis.
    public var startDate: Date?
    public var cue: String?
    public var endDate: Date?
    public var duration: Double?
    public var plannedDuration: Double?
    public var endOnNext: Bool
    public var scte35Command: HexSequence?
    public var scte35Out: HexSequence?
    public var scte35In: HexSequence?
    /// `X-` attributes: quoted-string contents, or the unquoted text of other types.
    public var clientAttributes: [String: String]
    public var line: Int
}
