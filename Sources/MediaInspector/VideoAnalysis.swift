/// Keyframe facts about the first video stream: what an HLS readiness check needs.
public struct VideoAnalysis: Sendable, Codable, Equatable {
    /// The analysed stream's ``StreamInfo/index``.
    public var streamIndex: Int
    /// Packets flagged as keyframes (all of them, even past ``InspectOptions/maxKeyframeTimes``).
    public var keyframeCount: Int
    /// Presentation times of the keyframes in seconds, in demux order, at most
    /// ``InspectOptions/maxKeyframeTimes`` of them. Same timeline as ``MediaInfo/startTime``.
    public var keyframeTimes: [Double]
    /// The first video packet in demux order is a keyframe (a segment "starts on a keyframe").
    public var firstFrameIsKeyframe: Bool
    /// The first keyframe decoded cleanly with libavcodec. nil when no decode was attempted:
    /// decoding switched off, no keyframe in the input, or no decoder for the codec.
    public var firstKeyframeDecodes: Bool?
    /// Why the decode failed or was not attempted (nil when it succeeded).
    public var decodeError: String?

    public init(
        streamIndex: Int, keyframeCount: Int, keyframeTimes: [Double], firstFrameIsKeyframe: Bool,
        firstKeyframeDecodes: Bool?, decodeError: String?
    ) {
        self.streamIndex = streamIndex
        self.keyframeCount = keyframeCount
        self.keyframeTimes = keyframeTimes
        self.firstFrameIsKeyframe = firstFrameIsKeyframe
        self.firstKeyframeDecodes = firstKeyframeDecodes
        self.decodeError = decodeError
    }
}
