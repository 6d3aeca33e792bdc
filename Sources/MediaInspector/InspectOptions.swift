/// Limits and switches for one inspection.
///
/// The defaults suit HLS segments (a few MB, a few seconds). For long recordings raise
/// ``maxPackets`` or set ``maxScanDuration``: the packet pass stops at the first limit reached
/// and ``MediaInfo/scanComplete`` says so.
public struct InspectOptions: Sendable, Hashable {
    /// Decode the first video keyframe with libavcodec: proves the picture decodes and gives
    /// width, height, pixel format, profile and level when the container does not carry them
    /// (MPEG-TS never does). Costs one frame decode (≈0.3 ms at 320x180, ≈2 ms at 720p).
    public var decodeFirstKeyframe: Bool

    /// In-memory inputs larger than this are refused with ``InspectError/Code/tooLarge``.
    /// Files are read as a stream, so for them only the scan limits below apply.
    public var maxInputBytes: Int

    /// The packet pass stops after this many packets (``MediaInfo/scanComplete`` is then false).
    public var maxPackets: Int

    /// The packet pass stops once this much *media* time has been read (nil: no limit).
    public var maxScanDuration: Duration?

    /// Wall-clock limit for the whole inspection. Opening that runs past it fails with
    /// ``InspectError/Code/timedOut``; a packet pass that runs past it stops and returns what it
    /// has, with ``MediaInfo/scanEnd`` == ``ScanEnd/timedOut``.
    public var timeout: Duration

    /// At most this many keyframe times are kept; ``VideoAnalysis/keyframeCount`` counts all.
    public var maxKeyframeTimes: Int

    public init(
        decodeFirstKeyframe: Bool = true,
        maxInputBytes: Int = 64 << 20,
        maxPackets: Int = 200_000,
        maxScanDuration: Duration? = nil,
        timeout: Duration = .seconds(2),
        maxKeyframeTimes: Int = 1000
    ) {
        self.decodeFirstKeyframe = decodeFirstKeyframe
        self.maxInputBytes = maxInputBytes
        self.maxPackets = maxPackets
        self.maxScanDuration = maxScanDuration
        self.timeout = timeout
        self.maxKeyframeTimes = maxKeyframeTimes
    }
}
