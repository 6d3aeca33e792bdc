/// Sample rate, channels and profile of AAC, read from the 7-byte ADTS header (MPEG-TS carries
/// one before every frame) or the AudioSpecificConfig (MP4/FLV extradata): no decoder needed.
struct AACConfig: Equatable {
    var sampleRate: Int?
    var channels: Int?
    /// libavcodec's AAC profile number: audio object type − 1 (1 = "LC").
    var profile: Int32
    /// Samples per ADTS frame (1024 per raw data block); nil for an AudioSpecificConfig.
    var samplesPerFrame: Int?

    private static let sampleRates = [
        96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350,
    ]

    /// Parses an ADTS header at the start of `bytes`.
    init?(adts bytes: UnsafeRawBufferPointer) {
        guard bytes.count >= 7, bytes[0] == 0xFF, bytes[1] & 0xF6 == 0xF0 else { return nil }
        profile = Int32(bytes[2] >> 6)  // ADTS "profile" is object type − 1 already
        sampleRate = Self.rate(index: Int((bytes[2] >> 2) & 0x0F))
        channels = Self.channels(configuration: Int((bytes[2] & 0x01) << 2 | bytes[3] >> 6))
        samplesPerFrame = 1024 * (Int(bytes[6] & 0x03) + 1)
    }

    /// Parses an AudioSpecificConfig (ISO 14496-3 §1.6.2.1).
    init?(audioSpecificConfig bytes: UnsafeRawBufferPointer) {
        var reader = BitReader(bytes)
        guard var objectType = reader.read(5) else { return nil }
        if objectType == 31 {
            guard let escaped = reader.read(6) else { return nil }
            objectType = 32 + escaped
        }
        guard let index = reader.read(4) else { return nil }
        if index == 15 {
            guard let explicit = reader.read(24) else { return nil }
            sampleRate = explicit > 0 ? explicit : nil
        } else {
            sampleRate = Self.rate(index: index)
        }
        guard let configuration = reader.read(4) else { return nil }
        channels = Self.channels(configuration: configuration)
        profile = Int32(objectType - 1)
    }

    private static func rate(index: Int) -> Int? { index < sampleRates.count ? sampleRates[index] : nil }

    /// Channel configuration 1–6 is that many channels, 7 is 7.1; 0 means "in the stream" (PCE).
    private static func channels(configuration: Int) -> Int? {
        switch configuration {
        case 1...6: configuration
        case 7: 8
        default: nil
        }
    }
}

/// Big-endian bit reader over a byte buffer; returns nil past the end instead of trapping.
private struct BitReader {
    private let bytes: UnsafeRawBufferPointer
    private var bit = 0

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    mutating func read(_ count: Int) -> Int? {
        guard bit + count <= bytes.count * 8 else { return nil }
        var value = 0
        for _ in 0..<count {
            value = value << 1 | Int((bytes[bit >> 3] >> (7 - UInt8(bit & 7))) & 1)
            bit += 1
        }
        return value
    }
}
