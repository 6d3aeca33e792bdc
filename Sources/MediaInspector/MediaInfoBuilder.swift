internal import CFFmpeg

/// Turns the container's stream snapshots and the scan's statistics into a ``MediaInfo``.
/// Runs while the format context is still open; the result holds values only.
struct MediaInfoBuilder {
    let format: FormatContext
    let scan: ScanResult
    let size: Int

    func build() throws(InspectError) -> MediaInfo {
        if scan.end == .timedOut, scan.packetCount == 0 {
            throw InspectError(.timedOut, "no packet was read before the timeout")
        }
        let context = format.pointer.pointee
        let streamCount = Int(context.nb_streams)
        guard streamCount > 0 else {
            throw InspectError(.noStreams, "the \(format.formatName) input holds no stream")
        }
        guard scan.packetCount > 0 else {
            var message = "the \(format.formatName) input declares \(streamCount) stream(s) but holds no packet"
            if format.formatName.hasPrefix(FormatSniffer.isoBMFF) {
                message += " (an fMP4 init section? inspect it together with a media fragment)"
            }
            if let error = scan.error { message += ": \(error)" }
            throw InspectError(.noStreams, message)
        }

        var streams: [StreamInfo] = []
        for index in 0..<streamCount {
            guard let stream = context.streams[index] else { continue }
            let snapshot = StreamSnapshot(stream, index: index)
            let statistics = index < scan.streams.count ? scan.streams[index] : nil
            streams.append(streamInfo(snapshot, statistics))
        }

        let starts = scan.streams.compactMap { $0?.startTime }
        let ends = scan.streams.compactMap { $0?.endTime }
        let startTime = starts.min()
        var duration: Double?
        if let startTime, let end = ends.max(), end > startTime { duration = end - startTime }
        // A partial scan (long recording) saw only part of the timeline: trust the header.
        if duration == nil || scan.end != .endOfInput, let declared = declaredDuration(context) {
            duration = declared
        }
        var bitRate: Int?
        if let duration, duration > 0 { bitRate = Int(roundingIfRepresentable: Double(size) * 8 / duration) }

        return MediaInfo(
            format: format.formatName, duration: duration, startTime: startTime, bitRate: bitRate, size: size,
            streams: streams, video: videoAnalysis(streams), nonMonotonicTimestamps: scan.nonMonotonic,
            scanEnd: scan.end, scanError: scan.error, packetCount: scan.packetCount,
            corruptPacketCount: scan.corruptPacketCount)
    }

    private func streamInfo(_ snapshot: StreamSnapshot, _ statistics: StreamAccumulator?) -> StreamInfo {
        var info = StreamInfo(
            index: snapshot.index, type: snapshot.type, codec: snapshot.codec,
            profile: snapshot.profileName(snapshot.profile), level: snapshot.level,
            width: snapshot.width, height: snapshot.height, pixelFormat: snapshot.pixelFormat,
            sampleRate: snapshot.sampleRate, channels: snapshot.channels,
            bitRate: statistics?.bitRate ?? snapshot.bitRate, startTime: statistics?.startTime,
            duration: statistics?.duration, packetCount: statistics?.packetCount ?? 0)

        switch snapshot.type {
        case .video:
            // The decoder read the SPS: it knows better than the container (and TS knows nothing).
            if snapshot.index == scan.primaryVideo, let decoded = scan.videoDecode?.parameters {
                info.width = decoded.width ?? info.width
                info.height = decoded.height ?? info.height
                info.pixelFormat = decoded.pixelFormat ?? info.pixelFormat
                info.profile = snapshot.profileName(decoded.profile) ?? info.profile
                info.level = decoded.level ?? info.level
            }
            if let measured = statistics?.timestampFrameRate {
                info.frameRate = FrameRate.nominal(measured)
            } else {
                info.frameRate = snapshot.containerFrameRate
            }
        case .audio:
            // The AudioSpecificConfig, ADTS header or decoder beat the container's fields: FLV's
            // tag header claims 44.1 kHz stereo for every AAC stream, whatever it carries.
            if let config = snapshot.aacConfig {
                info.sampleRate = config.sampleRate ?? info.sampleRate
                info.channels = config.channels ?? info.channels
                info.profile = snapshot.profileName(config.profile) ?? info.profile
            }
            if let learned = scan.audioParameters[snapshot.index] {
                info.sampleRate = learned.sampleRate ?? info.sampleRate
                info.channels = learned.channels ?? info.channels
                info.profile = snapshot.profileName(learned.profile) ?? info.profile
            }
        default:
            break
        }
        return info
    }

    private func videoAnalysis(_ streams: [StreamInfo]) -> VideoAnalysis? {
        guard let index = scan.primaryVideo ?? streams.first(where: { $0.type == .video })?.index else {
            return nil
        }
        let statistics = index < scan.streams.count ? scan.streams[index] : nil
        var decodes: Bool?
        var note = scan.videoDecodeNote
        if let report = scan.videoDecode, note == nil {
            decodes = report.decoded
            note = report.error
        }
        if statistics == nil, note == nil { note = "no video packets" }
        return VideoAnalysis(
            streamIndex: index, keyframeCount: statistics?.keyframeCount ?? 0,
            keyframeTimes: statistics?.keyframeTimes ?? [],
            firstFrameIsKeyframe: statistics?.firstPacketIsKeyframe ?? false,
            firstKeyframeDecodes: decodes, decodeError: note)
    }

    /// The container's own duration (MP4 mvhd, FLV onMetaData), in seconds.
    private func declaredDuration(_ context: AVFormatContext) -> Double? {
        guard context.duration != noTimestamp, context.duration > 0 else { return nil }
        return Double(context.duration) / Double(AV_TIME_BASE)
    }
}
