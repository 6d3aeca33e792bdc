/// Per-stream statistics gathered packet by packet during the scan: timestamps in the stream's
/// time base, converted to seconds only at the end.
///
/// Timestamps come from untrusted input and may be anywhere in Int64's range, so every
/// difference is taken in Double: integer subtraction could overflow and trap.
struct StreamAccumulator {
    /// Video timestamps kept for the frame-rate estimate (the first ones are enough).
    private static let frameRateSamples = 1024

    let index: Int
    let type: StreamInfo.MediaType
    /// Seconds per tick of the stream's time base.
    let secondsPerTick: Double

    private(set) var packetCount = 0
    private(set) var bytes = 0
    /// Packets with a timestamp (their own or interpolated), and the range of those timestamps.
    private(set) var timestampCount = 0
    private(set) var minTimestamp = Int64.max
    private(set) var maxTimestamp = Int64.min
    /// Duration in ticks of the packet holding `maxTimestamp` (0: unknown).
    private var durationAtMax: Double = 0
    private var lastDecodeTimestamp: Int64?
    /// An explicit DTS went backwards or repeated at least once.
    private(set) var nonMonotonic = false

    /// How long one packet lasts, in ticks, when the demuxer leaves durations and timestamps
    /// out. Without avformat_find_stream_info, AAC in MPEG-TS arrives like that: one timestamp
    /// per PES, several frames per PES, no durations. Set from the frame size once it is known.
    var nominalPacketTicks: Double?
    /// Where the next packet starts if it has no timestamp of its own.
    private var nextTimestamp: Double?

    private(set) var firstPacketIsKeyframe: Bool?
    private(set) var keyframeCount = 0
    private(set) var keyframeTimes: [Double] = []
    private var sampledTimestamps: [Int64] = []

    init(index: Int, type: StreamInfo.MediaType, secondsPerTick: Double) {
        self.index = index
        self.type = type
        self.secondsPerTick = secondsPerTick
    }

    /// Records one packet. Timestamps are nil when the packet has none (AV_NOPTS_VALUE).
    mutating func record(
        pts: Int64?, dts: Int64?, duration: Int64, size: Int, isKeyframe: Bool, keepKeyframeTimes: Int
    ) {
        packetCount += 1
        bytes += size
        if let dts {
            if let last = lastDecodeTimestamp, dts <= last { nonMonotonic = true }
            lastDecodeTimestamp = dts
        }
        let ticks = duration > 0 ? Double(duration) : (nominalPacketTicks ?? 0)
        var timestamp = pts ?? dts
        if let own = timestamp {
            nextTimestamp = ticks > 0 ? Double(own) + ticks : nil
        } else if let next = nextTimestamp, let interpolated = Int64(exactly: next.rounded(.down)) {
            timestamp = interpolated
            nextTimestamp = next + ticks
        }
        if let timestamp {
            timestampCount += 1
            minTimestamp = min(minTimestamp, timestamp)
            if timestamp >= maxTimestamp {
                maxTimestamp = timestamp
                durationAtMax = ticks
            }
            if type == .video, sampledTimestamps.count < Self.frameRateSamples {
                sampledTimestamps.append(timestamp)
            }
        }
        if firstPacketIsKeyframe == nil { firstPacketIsKeyframe = isKeyframe }
        if isKeyframe, type == .video {
            keyframeCount += 1
            if keyframeTimes.count < keepKeyframeTimes, let timestamp {
                keyframeTimes.append(Double(timestamp) * secondsPerTick)
            }
        }
    }

    /// Seconds of media read so far (for ``InspectOptions/maxScanDuration``).
    var scannedSeconds: Double {
        timestampCount > 0 ? span * secondsPerTick : 0
    }

    /// maxTimestamp − minTimestamp, without overflow.
    private var span: Double { Double(maxTimestamp) - Double(minTimestamp) }

    var startTime: Double? { timestampCount > 0 ? Double(minTimestamp) * secondsPerTick : nil }

    /// First timestamp to the last one plus that packet's duration; when the demuxer gave no
    /// duration, the average spacing of the timestamps stands in for it.
    var duration: Double? {
        guard timestampCount > 0 else { return nil }
        var lastDuration = durationAtMax
        if lastDuration == 0, timestampCount > 1 {
            lastDuration = span / Double(timestampCount - 1)
        }
        let ticks = span + lastDuration
        return ticks > 0 ? ticks * secondsPerTick : nil
    }

    /// End of the last packet, in seconds.
    var endTime: Double? {
        guard let startTime, let duration else { return startTime }
        return startTime + duration
    }

    /// Frames per second from the video timestamps: the mean spacing of neighbouring (sorted)
    /// timestamps, ignoring gaps and bunches more than 50% off the median spacing. Sorting
    /// handles B-frame reordering; the median filter handles frames missing from a cut segment;
    /// the mean keeps millisecond rounding (FLV: 33, 34, 33 ms) from biasing the result.
    var timestampFrameRate: Double? {
        guard sampledTimestamps.count > 1, secondsPerTick > 0 else { return nil }
        let sorted = sampledTimestamps.sorted()
        let spacings = zip(sorted.dropFirst(), sorted).map { Double($0) - Double($1) }.filter { $0 > 0 }.sorted()
        guard !spacings.isEmpty else { return nil }
        let median = spacings[spacings.count / 2]
        let typical = spacings.filter { 2 * $0 >= median && 2 * $0 <= 3 * median }
        let mean = typical.reduce(0, +) / Double(typical.count)
        return 1 / (mean * secondsPerTick)
    }

    var bitRate: Int? {
        guard let duration, duration > 0 else { return nil }
        return Int(roundingIfRepresentable: Double(bytes) * 8 / duration)
    }
}
