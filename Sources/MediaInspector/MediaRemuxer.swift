internal import CFFmpeg

/// Copies the readable packets of a recording into a new file, in process with libavformat
/// (no decode, no encode): a crash leftover or a damaged file becomes a clean one, an FLV
/// becomes an MP4 with its index first (fast start) for web playback.
///
/// The input is opened like an inspection (our own I/O, the demuxer allow-list, a deadline);
/// the output's container follows its extension (`.flv`, `.mp4`, `.ts`, `.mkv`). Packets whose
/// timestamps go backwards (or repeat, where the container forbids it) and streams the output
/// cannot hold are left out and counted. A read error part-way ends the copy: what came
/// before it is kept, and ``RemuxResult/inputError`` says why it ended.
public struct MediaRemuxer: Sendable {
    /// Wall-clock limit for the whole remux.
    public var timeout: Duration

    public init(timeout: Duration = .seconds(600)) {
        self.timeout = timeout
    }

    /// Blocks the calling thread; see ``remuxAsync(input:output:fastStart:)``.
    /// Throws when nothing could be read or written; a partial output is then removed by the
    /// caller (the output path is the caller's to clean up either way).
    public func remux(input: String, output: String, fastStart: Bool = true) throws(InspectError) -> RemuxResult {
        FFmpegLog.install()
        FFmpegAllocator.prepare()
        FFmpegLog.beginCapture()
        let source = try FileSource(path: input, deadline: Deadline(after: timeout))
        guard source.size > 0 else { throw InspectError(.unreadable, "the input is empty") }
        let format = try FormatContext(source: source, formatName: FormatSniffer.sniff(source.prefix(FormatSniffer.prefixLength)))
        try format.findStreamInfo()
        let sink = try OutputFormatContext(path: output)
        return try RemuxCopy(input: format, output: sink, deadline: source.deadline).run(fastStart: fastStart)
    }
}

/// What a remux wrote.
public struct RemuxResult: Sendable, Equatable, Codable {
    public var packets: Int
    public var droppedPackets: Int
    /// Output streams (input streams the container could not hold are not counted).
    public var streams: Int
    /// Seconds of media written (the longest stream).
    public var duration: Double?
    /// FFmpeg's text when reading stopped on damage rather than at the end of the input.
    public var inputError: String?
}

/// One remux from start to finish; every FFmpeg object is owned by a local or a property and
/// freed when it ends.
struct RemuxCopy {
    let input: FormatContext
    let output: OutputFormatContext
    let deadline: Deadline

    private struct Mapping {
        var output: Int32
        var inputTimeBase: AVRational
        var lastDts: Int64?
        var firstPts: Int64?
        var end: Int64?
    }

    func run(fastStart: Bool) throws(InspectError) -> RemuxResult {
        var mappings: [Int: Mapping] = [:]
        let inputContext = input.pointer
        for index in 0..<Int(inputContext.pointee.nb_streams) {
            guard let stream = inputContext.pointee.streams[index], let parameters = stream.pointee.codecpar else { continue }
            let type = parameters.pointee.codec_type
            guard type == AVMEDIA_TYPE_VIDEO || type == AVMEDIA_TYPE_AUDIO, output.accepts(parameters.pointee.codec_id) else { continue }
            // An attached picture (cover art) is not media to copy.
            if stream.pointee.disposition & AV_DISPOSITION_ATTACHED_PIC != 0 { continue }
            guard let created = avformat_new_stream(output.pointer, nil) else {
                throw InspectError(.unreadable, "out of memory for an output stream", averror: AVErrorCode.outOfMemory)
            }
            let status = avcodec_parameters_copy(created.pointee.codecpar, parameters)
            guard status >= 0 else { throw InspectError(.unreadable, "cannot copy the codec parameters", averror: status) }
            // The input container's tag (an FLV codec id) means nothing to another container.
            created.pointee.codecpar.pointee.codec_tag = 0
            created.pointee.time_base = stream.pointee.time_base
            mappings[index] = Mapping(output: created.pointee.index, inputTimeBase: stream.pointee.time_base)
        }
        guard !mappings.isEmpty else { throw InspectError(.noStreams, "no audio or video stream the output can hold") }
        try output.open(fastStart: fastStart)

        let packet = try Packet()
        var written = 0
        var dropped = 0
        var inputError: String?
        let strictTimestamps = !output.allowsEqualTimestamps
        while true {
            if written & 255 == 0, deadline.expired {
                inputError = "the remux took longer than its time limit"
                break
            }
            FFmpegLog.beginCapture()
            let status = av_read_frame(inputContext, packet.pointer)
            if status < 0 {
                if status == AVErrorCode.again { continue }
                if status != AVErrorCode.endOfFile {
                    let text = AVErrorCode.text(status)
                    inputError = FFmpegLog.firstError().map { "\($0) (\(text))" } ?? text
                }
                break
            }
            defer { av_packet_unref(packet.pointer) }
            let index = Int(packet.pointer.pointee.stream_index)
            guard var mapping = mappings[index], let stream = output.pointer.pointee.streams[Int(mapping.output)] else {
                dropped += 1
                continue
            }
            let pkt = packet.pointer
            if pkt.pointee.dts == noTimestamp { pkt.pointee.dts = pkt.pointee.pts }
            if pkt.pointee.pts == noTimestamp { pkt.pointee.pts = pkt.pointee.dts }
            guard pkt.pointee.dts != noTimestamp, pkt.pointee.pts >= pkt.pointee.dts else {
                dropped += 1
                continue
            }
            av_packet_rescale_ts(pkt, mapping.inputTimeBase, stream.pointee.time_base)
            if let last = mapping.lastDts, pkt.pointee.dts < last || (strictTimestamps && pkt.pointee.dts == last) {
                dropped += 1
                continue
            }
            mapping.lastDts = pkt.pointee.dts
            mapping.firstPts = min(mapping.firstPts ?? pkt.pointee.pts, pkt.pointee.pts)
            mapping.end = max(mapping.end ?? 0, pkt.pointee.pts + max(0, pkt.pointee.duration))
            mappings[index] = mapping
            pkt.pointee.stream_index = mapping.output
            pkt.pointee.pos = -1
            let writeStatus = av_interleaved_write_frame(output.pointer, pkt)
            guard writeStatus >= 0 else {
                throw InspectError(.unreadable, "writing the output failed: \(AVErrorCode.text(writeStatus))", averror: writeStatus)
            }
            written += 1
        }
        guard written > 0 else {
            throw InspectError(.noStreams, inputError.map { "no packet could be read: \($0)" } ?? "the input has no packets")
        }
        let trailer = av_write_trailer(output.pointer)
        guard trailer >= 0 else {
            throw InspectError(.unreadable, "finishing the output failed: \(AVErrorCode.text(trailer))", averror: trailer)
        }
        var duration: Double?
        for mapping in mappings.values {
            guard let first = mapping.firstPts, let end = mapping.end,
                let stream = output.pointer.pointee.streams[Int(mapping.output)]
            else { continue }
            let base = stream.pointee.time_base
            guard base.den > 0 else { continue }
            let seconds = Double(end - first) * Double(base.num) / Double(base.den)
            duration = max(duration ?? 0, seconds)
        }
        return RemuxResult(
            packets: written, droppedPackets: dropped, streams: mappings.count, duration: duration, inputError: inputError)
    }
}
