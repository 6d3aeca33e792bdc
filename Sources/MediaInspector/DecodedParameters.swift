/// What a decoder context knows after one packet (copied out before the decoder is freed).
struct DecodedParameters: Sendable, Equatable {
    var width: Int?
    var height: Int?
    var pixelFormat: String?
    /// libavcodec's profile number (FF_PROFILE_*), nil when unknown.
    var profile: Int32?
    var level: Int?
    var sampleRate: Int?
    var channels: Int?
    /// Audio samples in one packet (AAC: 1024 per raw data block).
    var samplesPerFrame: Int?
}

/// The result of decoding one packet.
struct DecodeReport: Sendable, Equatable {
    /// A frame came out with no error flags.
    var decoded: Bool
    /// Why not, when `decoded` is false.
    var error: String?
    var parameters: DecodedParameters
}
