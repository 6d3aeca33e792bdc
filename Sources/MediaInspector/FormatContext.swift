internal import CFFmpeg

/// Owns one opened AVFormatContext (and, through ``CustomIOContext``, its I/O).
///
/// Everything read from it is copied into Swift values before it goes away; no pointer into it
/// (streams, codec parameters, names) is ever returned or stored elsewhere.
final class FormatContext {
    /// AVPROBE_SCORE_RETRY: below this FFmpeg's probe is guessing (random bytes can score 1).
    private static let minimumProbeScore: Int32 = 25

    let pointer: UnsafeMutablePointer<AVFormatContext>
    /// The demuxer's short name, e.g. "mpegts" or "mov,mp4,m4a,3gp,3g2,mj2".
    let formatName: String
    /// Released after `deinit` has closed the format context, which is the order FFmpeg needs.
    private let io: CustomIOContext

    /// Opens `source` with `formatName` (nil: probe). Only the container header is read here;
    /// no `avformat_find_stream_info`, which would decode frames on threads.
    init(source: ByteSource, formatName requested: String?) throws(InspectError) {
        var format: UnsafePointer<AVInputFormat>?
        if let requested {
            guard let found = av_find_input_format(requested),
                FormatSniffer.isAllowed(demuxerName: String(cString: found.pointee.name))
            else {
                throw InspectError(
                    .unsupported, "format '\(requested)' is not one this inspector reads (\(FormatSniffer.whitelist))")
            }
            format = found
        }

        let io = try CustomIOContext(source: source)
        guard let allocated = avformat_alloc_context() else {
            throw InspectError(.unreadable, "out of memory for the format context", averror: AVErrorCode.outOfMemory)
        }
        allocated.pointee.pb = io.pointer
        // Custom I/O: avformat_close_input must not close pb; CustomIOContext frees it.
        allocated.pointee.flags |= AVFMT_FLAG_CUSTOM_IO
        allocated.pointee.interrupt_callback = AVIOInterruptCB(
            callback: deadlineInterruptCallback,
            opaque: Unmanaged.passUnretained(source.deadline).toOpaque())
        // A segment has a handful of streams; a hostile PMT must not create thousands.
        allocated.pointee.max_streams = 64

        var options: OpaquePointer?
        defer { av_dict_free(&options) }
        av_dict_set(&options, "format_whitelist", FormatSniffer.whitelist, 0)
        // Nothing may open another file or URL named inside the input.
        av_dict_set(&options, "protocol_whitelist", "none", 0)

        var context: UnsafeMutablePointer<AVFormatContext>? = allocated
        let result = avformat_open_input(&context, nil, format, &options)
        // On failure FFmpeg has freed the context (not our custom pb: `io` frees it on return).
        guard result >= 0, let context else {
            throw Self.openError(result, requested: requested, source: source)
        }
        self.pointer = context
        self.io = io
        self.formatName = context.pointee.iformat.map { String(cString: $0.pointee.name) } ?? "unknown"

        if requested == nil, context.pointee.probe_score < Self.minimumProbeScore {
            throw InspectError(
                .unreadable,
                "not a recognised media container (best guess '\(formatName)' with probe score "
                    + "\(context.pointee.probe_score) of 100)")
        }
    }

    /// Reads the start of the input until every stream's parameters are known (picture size,
    /// sample rate), decoding a few frames if it must. The inspection never needs it; a remux
    /// does, because FLV creates its streams only as their first packets arrive and MP4 needs
    /// the dimensions in its header. Bounded by the input's deadline.
    func findStreamInfo() throws(InspectError) {
        FFmpegLog.beginCapture()
        let status = avformat_find_stream_info(pointer, nil)
        guard status >= 0 else {
            let text = FFmpegLog.firstError().map { "\($0) (\(AVErrorCode.text(status)))" } ?? AVErrorCode.text(status)
            throw InspectError(.corrupt, "the streams of the input cannot be read: \(text)", averror: status)
        }
    }

    deinit {
        var context: UnsafeMutablePointer<AVFormatContext>? = pointer
        avformat_close_input(&context)
    }

    private static func openError(_ code: Int32, requested: String?, source: ByteSource) -> InspectError {
        // FFmpeg's log line ("moov atom not found") says more than the code ("Invalid data...").
        let text = FFmpegLog.firstError().map { "\($0) (\(AVErrorCode.text(code)))" } ?? AVErrorCode.text(code)
        if source.deadline.expired || code == AVErrorCode.exit {
            return InspectError(.timedOut, "opening the input took longer than the timeout", averror: code)
        }
        guard let requested else {
            // FFmpeg probed: say what it took the bytes for, if anything.
            if let guess = FormatProbe.bestGuess(source.prefix(64 * 1024)), guess.score >= minimumProbeScore,
                !FormatSniffer.isAllowed(demuxerName: guess.name)
            {
                return InspectError(
                    .unsupported, "'\(guess.name)' input is not one this inspector reads: \(text)", averror: code)
            }
            return InspectError(.unreadable, "not a recognised media container: \(text)", averror: code)
        }
        guard code == AVErrorCode.invalidData || code == AVErrorCode.endOfFile else {
            return InspectError(.unreadable, text, averror: code)
        }
        var message = "\(requested) container is damaged or incomplete: \(text)"
        if requested == FormatSniffer.isoBMFF, FormatSniffer.isMediaFragment(source.prefix(8)) {
            message += " (an fMP4 media fragment cannot be read without its init section)"
        }
        return InspectError(.corrupt, message, averror: code)
    }
}
