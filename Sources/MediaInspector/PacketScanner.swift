internal import CFFmpeg

/// The single pass over the input with av_read_frame: per-stream counts, timestamps and
/// keyframes, plus the one keyframe decode and the audio parameters. Replaces
/// avformat_find_stream_info, which costs several times more.
final class PacketScanner {
    private let format: FormatContext
    private let options: InspectOptions
    private let deadline: Deadline
    private var result = ScanResult()
    /// The first packet of the primary video stream, kept only while no keyframe has been seen:
    /// decoding it still yields the SPS parameters of a segment that has no keyframe.
    private var firstVideoPacket: Packet?
    private var keyframeDecodeAttempted = false
    private var examinedAudio: Set<Int> = []

    init(format: FormatContext, options: InspectOptions, deadline: Deadline) {
        self.format = format
        self.options = options
        self.deadline = deadline
    }

    func run() throws(InspectError) -> ScanResult {
        let packet = try Packet()
        let limitSeconds = options.maxScanDuration.map {
            Double($0.components.seconds) + Double($0.components.attoseconds) * 1e-18
        }
        var retries = 0
        while true {
            if result.packetCount >= options.maxPackets {
                result.end = .packetLimit
                break
            }
            // The interrupt callback covers FFmpeg's own loops; this covers ours.
            if result.packetCount & 63 == 0, deadline.expired {
                result.end = .timedOut
                break
            }
            FFmpegLog.beginCapture()  // so that a read error is reported with its own message
            let status = av_read_frame(format.pointer, packet.pointer)
            if status < 0 {
                // EAGAIN means "call again" (only non-blocking inputs say it); a bounded number
                // of times in a row, so that a demuxer stuck on it cannot spin forever.
                if status == AVErrorCode.again, retries < 1000 {
                    retries += 1
                    continue
                }
                finish(status)
                break
            }
            retries = 0
            let index = record(packet.pointer)
            av_packet_unref(packet.pointer)
            if let limitSeconds, let index, (result.streams[index]?.scannedSeconds ?? 0) >= limitSeconds {
                result.end = .durationLimit
                break
            }
        }
        if options.decodeFirstKeyframe, !keyframeDecodeAttempted {
            decodeWithoutKeyframe()
        }
        firstVideoPacket = nil
        return result
    }

    private func finish(_ status: Int32) {
        if deadline.expired || status == AVErrorCode.exit {
            result.end = .timedOut
        } else if status == AVErrorCode.endOfFile {
            result.end = .endOfInput
        } else {
            result.end = .readError
            let text = AVErrorCode.text(status)
            result.error = FFmpegLog.firstError().map { "\($0) (\(text))" } ?? text
        }
    }

    /// Adds one packet to its stream's statistics; returns the stream index.
    private func record(_ packet: UnsafeMutablePointer<AVPacket>) -> Int? {
        let index = Int(packet.pointee.stream_index)
        guard index >= 0, index < Int(format.pointer.pointee.nb_streams),
            let stream = format.pointer.pointee.streams[index]
        else { return nil }
        result.packetCount += 1
        let flags = packet.pointee.flags
        if flags & AV_PKT_FLAG_CORRUPT != 0 { result.corruptPacketCount += 1 }
        if index >= result.streams.count {
            result.streams.append(contentsOf: repeatElement(nil, count: index + 1 - result.streams.count))
        }
        if result.streams[index] == nil {
            let timeBase = stream.pointee.time_base
            result.streams[index] = StreamAccumulator(
                index: index, type: StreamSnapshot.mediaType(stream.pointee.codecpar.pointee.codec_type),
                secondsPerTick: timeBase.num > 0 && timeBase.den > 0 ? Double(timeBase.num) / Double(timeBase.den) : 0
            )
        }
        let isKeyframe = flags & AV_PKT_FLAG_KEY != 0
        let type = result.streams[index]?.type
        // Audio first: what it learns (the frame size) times this very packet.
        if type == .audio, !examinedAudio.contains(index) {
            examinedAudio.insert(index)
            examineAudio(packet, stream: stream, index: index)
        }
        let pts = packet.pointee.pts
        let dts = packet.pointee.dts
        result.streams[index]?.record(
            pts: pts == noTimestamp ? nil : pts, dts: dts == noTimestamp ? nil : dts,
            duration: packet.pointee.duration, size: Int(packet.pointee.size), isKeyframe: isKeyframe,
            keepKeyframeTimes: options.maxKeyframeTimes)
        if type == .video {
            if result.primaryVideo == nil, !StreamSnapshot.isAttachedPicture(stream) {
                result.primaryVideo = index
            }
            if index == result.primaryVideo { examineVideo(packet, stream: stream, isKeyframe: isKeyframe) }
        }
        return index
    }

    private func examineVideo(
        _ packet: UnsafeMutablePointer<AVPacket>, stream: UnsafeMutablePointer<AVStream>, isKeyframe: Bool
    ) {
        guard options.decodeFirstKeyframe, !keyframeDecodeAttempted else { return }
        if isKeyframe {
            keyframeDecodeAttempted = true
            firstVideoPacket = nil
            do throws(DecodeFailure) {
                // On this thread, with one decoder thread: the decode is one frame, and handing
                // it to a helper thread measured slower on a busy 2-core machine.
                let decoder = try FrameDecoder(parameters: stream.pointee.codecpar)
                result.videoDecode = decoder.decode(packet)
            } catch {
                result.videoDecodeNote = error.message
            }
        } else if firstVideoPacket == nil {
            firstVideoPacket = Packet(referencing: packet)
        }
    }

    /// No keyframe in the whole input: decode the first video packet anyway, only to read the
    /// parameters (MPEG-TS has width, height and profile nowhere but in the SPS).
    private func decodeWithoutKeyframe() {
        keyframeDecodeAttempted = true
        guard let index = result.primaryVideo else { return }
        result.videoDecodeNote = "no keyframe in the input"  // or in the part read, after a limit
        guard let packet = firstVideoPacket, let stream = format.pointer.pointee.streams[index],
            let decoder = try? FrameDecoder(parameters: stream.pointee.codecpar)
        else { return }
        var report = decoder.decode(packet.pointer)
        report.decoded = false
        report.error = nil
        result.videoDecode = report
    }

    /// Sample rate and channels when the container did not declare them (MPEG-TS): the ADTS
    /// header of AAC, otherwise one decoded packet.
    private func examineAudio(
        _ packet: UnsafeMutablePointer<AVPacket>, stream: UnsafeMutablePointer<AVStream>, index: Int
    ) {
        let parameters = stream.pointee.codecpar.pointee
        if parameters.codec_id == AV_CODEC_ID_AAC, parameters.extradata_size == 0,
            let data = packet.pointee.data, packet.pointee.size > 0,
            let config = AACConfig(adts: UnsafeRawBufferPointer(start: data, count: Int(packet.pointee.size)))
        {
            learned(
                DecodedParameters(
                    profile: config.profile, sampleRate: config.sampleRate, channels: config.channels,
                    samplesPerFrame: config.samplesPerFrame),
                index: index)
            return
        }
        guard parameters.sample_rate <= 0 || parameters.ch_layout.nb_channels <= 0,
            let decoder = try? FrameDecoder(parameters: stream.pointee.codecpar)
        else { return }
        learned(decoder.decode(packet).parameters, index: index)
    }

    private func learned(_ parameters: DecodedParameters, index: Int) {
        result.audioParameters[index] = parameters
        guard let samples = parameters.samplesPerFrame, let rate = parameters.sampleRate, rate > 0,
            let secondsPerTick = result.streams[index]?.secondsPerTick, secondsPerTick > 0
        else { return }
        result.streams[index]?.nominalPacketTicks = Double(samples) / Double(rate) / secondsPerTick
    }
}
