internal import CFFmpeg

/// Owns an AVCodecContext and an AVFrame to decode exactly one packet: the first video keyframe
/// (to prove it decodes and to read the SPS-derived parameters) or one audio packet.
final class FrameDecoder {
    private let context: UnsafeMutablePointer<AVCodecContext>
    private let frame: UnsafeMutablePointer<AVFrame>

    /// Opens a decoder for the stream's parameters; nil with a reason when there is none.
    init(parameters: UnsafePointer<AVCodecParameters>) throws(DecodeFailure) {
        let codecID = parameters.pointee.codec_id
        guard let codec = avcodec_find_decoder(codecID) else {
            throw DecodeFailure("no decoder for codec \(String(cString: avcodec_get_name(codecID)))")
        }
        guard let context = avcodec_alloc_context3(codec) else { throw DecodeFailure("out of memory") }
        guard let frame = av_frame_alloc() else {
            var owned: UnsafeMutablePointer<AVCodecContext>? = context
            avcodec_free_context(&owned)
            throw DecodeFailure("out of memory")
        }
        self.context = context
        self.frame = frame

        var result = avcodec_parameters_to_context(context, parameters)
        guard result >= 0 else { throw DecodeFailure("codec parameters", result) }
        // One thread: creating a frame-thread pool costs more than decoding one picture.
        context.pointee.thread_count = 1
        // Fail on bitstream damage instead of concealing it: the point is to know it decodes.
        context.pointee.err_recognition |= AV_EF_EXPLODE | AV_EF_CRCCHECK
        // The deblocking filter cannot fail, so skipping it keeps the check and saves ~10%.
        context.pointee.skip_loop_filter = AVDISCARD_ALL
        result = avcodec_open2(context, codec, nil)
        guard result >= 0 else { throw DecodeFailure("opening the decoder", result) }
    }

    deinit {
        var frame: UnsafeMutablePointer<AVFrame>? = frame
        av_frame_free(&frame)
        var context: UnsafeMutablePointer<AVCodecContext>? = context
        avcodec_free_context(&context)
    }

    /// Sends `packet`, drains the decoder, and reports whether a clean frame came out.
    func decode(_ packet: UnsafePointer<AVPacket>) -> DecodeReport {
        FFmpegLog.beginCapture()  // the decoder's own complaint is the useful part of the error
        var error: String?
        var result = avcodec_send_packet(context, packet)
        if result < 0 {
            error = DecodeFailure("decoding", result).message
        } else {
            result = avcodec_receive_frame(context, frame)
            if result == AVErrorCode.again {
                // Reordering decoders hold the picture back until told there is no more input.
                _ = avcodec_send_packet(context, nil)
                result = avcodec_receive_frame(context, frame)
            }
            if result < 0 {
                error = result == AVErrorCode.endOfFile
                    ? "the decoder produced no frame" : DecodeFailure("decoding", result).message
            } else if frame.pointee.decode_error_flags != 0 || frame.pointee.flags & AV_FRAME_FLAG_CORRUPT != 0 {
                error = "the frame decoded with errors (flags \(frame.pointee.decode_error_flags))"
            }
        }
        return DecodeReport(decoded: error == nil, error: error, parameters: parameters)
    }

    /// The context's view after decoding: set from the SPS even when the slice data was bad.
    private var parameters: DecodedParameters {
        let c = context.pointee
        var result = DecodedParameters()
        if c.codec_type == AVMEDIA_TYPE_VIDEO {
            if c.width > 0, c.height > 0 {
                result.width = Int(c.width)
                result.height = Int(c.height)
            }
            if c.pix_fmt != AV_PIX_FMT_NONE, let name = av_get_pix_fmt_name(c.pix_fmt) {
                result.pixelFormat = String(cString: name)
            }
            if c.level != FF_LEVEL_UNKNOWN, c.level > 0 { result.level = Int(c.level) }
        } else if c.codec_type == AVMEDIA_TYPE_AUDIO {
            if c.sample_rate > 0 { result.sampleRate = Int(c.sample_rate) }
            if c.ch_layout.nb_channels > 0 { result.channels = Int(c.ch_layout.nb_channels) }
            if frame.pointee.nb_samples > 0 { result.samplesPerFrame = Int(frame.pointee.nb_samples) }
        }
        if c.profile != FF_PROFILE_UNKNOWN { result.profile = c.profile }
        return result
    }
}

/// Why a decoder could not be opened or a packet not decoded.
struct DecodeFailure: Error {
    let message: String
    init(_ message: String) { self.message = message }
    /// "decoding: deblocking_filter_idc 14 out of range (Invalid data found...; AVERROR -1094995529)"
    init(_ step: String, _ code: Int32) {
        let detail = FFmpegLog.firstError().map { "\($0) (\(AVErrorCode.text(code)); AVERROR \(code))" }
        message = "\(step): " + (detail ?? "\(AVErrorCode.text(code)) (AVERROR \(code))")
    }
}
