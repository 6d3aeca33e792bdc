/// Everything the packet pass learned, as values.
struct ScanResult {
    /// Indexed by stream index; nil for a stream that produced no packet.
    var streams: [StreamAccumulator?] = []
    var end: ScanEnd = .endOfInput
    var error: String?
    var packetCount = 0
    var corruptPacketCount = 0
    /// The stream the keyframe analysis is about: the first video stream that sent a packet.
    var primaryVideo: Int?
    /// The decode of the first keyframe of `primaryVideo` (or of its first packet, for the
    /// parameters only, when it has no keyframe).
    var videoDecode: DecodeReport?
    /// Why no keyframe decode result is reported, when decoding was wanted.
    var videoDecodeNote: String?
    /// Audio parameters learned from an ADTS header or a decoded packet, by stream index.
    var audioParameters: [Int: DecodedParameters] = [:]

    var nonMonotonic: Bool { streams.contains { $0?.nonMonotonic == true } }
}
