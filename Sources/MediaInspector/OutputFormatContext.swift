internal import CFFmpeg

/// Owns one output AVFormatContext and the AVIOContext it writes its file through.
///
/// The file is opened by FFmpeg's `file` protocol, the only protocol allowed for it: the MP4
/// muxer's fast start re-reads the file it wrote (it moves the index in front of the media),
/// which needs a URL it can open again. The URL is `file:` + an absolute path that the caller
/// proved to be inside the recordings roots; nothing else is reachable.
final class OutputFormatContext {
    let pointer: UnsafeMutablePointer<AVFormatContext>
    private var isOpen = false

    /// Muxer names per file extension: the containers a recording is kept in.
    static let muxers: [String: String] = ["flv": "flv", "mp4": "mp4", "ts": "mpegts", "mkv": "matroska"]

    init(path: String) throws(InspectError) {
        let ext = path.split(separator: ".").last.map { $0.lowercased() } ?? ""
        guard let muxer = Self.muxers[ext] else {
            throw InspectError(.unsupported, "no muxer for '.\(ext)' (writes \(Self.muxers.keys.sorted().joined(separator: ", ")))")
        }
        var context: UnsafeMutablePointer<AVFormatContext>?
        let status = avformat_alloc_output_context2(&context, nil, muxer, "file:" + path)
        guard status >= 0, let context else {
            throw InspectError(.unreadable, "cannot set up the \(muxer) muxer: \(AVErrorCode.text(status))", averror: status)
        }
        pointer = context
    }

    /// Whether the muxer can hold a stream of this codec (e.g. no Opus in FLV).
    func accepts(_ codec: AVCodecID) -> Bool {
        guard let format = pointer.pointee.oformat else { return false }
        return avformat_query_codec(format, codec, FF_COMPLIANCE_NORMAL) == 1
    }

    /// Timestamps must rise strictly (MP4) or may repeat (FLV, MPEG-TS).
    var allowsEqualTimestamps: Bool {
        guard let format = pointer.pointee.oformat else { return false }
        return format.pointee.flags & AVFMT_TS_NONSTRICT != 0
    }

    /// Creates the file (O_CREAT | O_TRUNC through FFmpeg's file protocol; the caller picked a
    /// fresh hidden name) and writes the header.
    func open(fastStart: Bool) throws(InspectError) {
        guard let url = pointer.pointee.url else { throw InspectError(.unreadable, "the output has no URL") }
        if (pointer.pointee.oformat?.pointee.flags ?? 0) & AVFMT_NOFILE == 0 {
            var ioOptions: OpaquePointer?
            defer { av_dict_free(&ioOptions) }
            av_dict_set(&ioOptions, "protocol_whitelist", "file", 0)
            let status = avio_open2(&pointer.pointee.pb, url, AVIO_FLAG_WRITE, nil, &ioOptions)
            guard status >= 0 else {
                throw InspectError(.unreadable, "cannot create the output file: \(AVErrorCode.text(status))", averror: status)
            }
            isOpen = true
        }
        var options: OpaquePointer?
        defer { av_dict_free(&options) }
        av_dict_set(&options, "protocol_whitelist", "file", 0)
        if fastStart { av_dict_set(&options, "movflags", "+faststart", 0) }
        FFmpegLog.beginCapture()
        let status = avformat_write_header(pointer, &options)
        guard status >= 0 else {
            let text = FFmpegLog.firstError().map { "\($0) (\(AVErrorCode.text(status)))" } ?? AVErrorCode.text(status)
            throw InspectError(.unreadable, "cannot write the output header: \(text)", averror: status)
        }
    }

    deinit {
        if isOpen { avio_closep(&pointer.pointee.pb) }
        avformat_free_context(pointer)
    }
}
