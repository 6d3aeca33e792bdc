internal import CFFmpeg

/// The facts of one AVStream copied into Swift values while the format context is open.
struct StreamSnapshot {
    var index: Int
    var type: StreamInfo.MediaType
    var codec: String
    var codecID: AVCodecID
    var width: Int?
    var height: Int?
    var pixelFormat: String?
    var profile: Int32?
    var level: Int?
    var sampleRate: Int?
    var channels: Int?
    var bitRate: Int?
    /// avg_frame_rate, else r_frame_rate, when the container declares one (MP4, FLV).
    var containerFrameRate: Double?
    var isAttachedPicture: Bool
    /// AAC parameters from the AudioSpecificConfig in the extradata (MP4, FLV).
    var aacConfig: AACConfig?

    init(_ stream: UnsafeMutablePointer<AVStream>, index: Int) {
        let parameters = stream.pointee.codecpar.pointee
        self.index = index
        type = Self.mediaType(parameters.codec_type)
        codecID = parameters.codec_id
        codec = String(cString: avcodec_get_name(parameters.codec_id))
        isAttachedPicture = Self.isAttachedPicture(stream)
        if parameters.width > 0, parameters.height > 0 {
            width = Int(parameters.width)
            height = Int(parameters.height)
        }
        if type == .video, parameters.format >= 0,
            let name = av_get_pix_fmt_name(AVPixelFormat(rawValue: parameters.format))
        {
            pixelFormat = String(cString: name)
        }
        if parameters.profile != FF_PROFILE_UNKNOWN { profile = parameters.profile }
        if parameters.level != FF_LEVEL_UNKNOWN, parameters.level > 0 { level = Int(parameters.level) }
        if parameters.sample_rate > 0 { sampleRate = Int(parameters.sample_rate) }
        if parameters.ch_layout.nb_channels > 0 { channels = Int(parameters.ch_layout.nb_channels) }
        if parameters.bit_rate > 0 { bitRate = Int(parameters.bit_rate) }
        containerFrameRate = Self.rate(stream.pointee.avg_frame_rate) ?? Self.rate(stream.pointee.r_frame_rate)
        if parameters.codec_id == AV_CODEC_ID_AAC, let extradata = parameters.extradata, parameters.extradata_size > 0 {
            aacConfig = AACConfig(
                audioSpecificConfig: UnsafeRawBufferPointer(start: extradata, count: Int(parameters.extradata_size)))
        }
    }

    /// libavcodec's name for a profile number of this stream's codec ("High", "LC").
    func profileName(_ profile: Int32?) -> String? {
        guard let profile, let name = avcodec_profile_name(codecID, profile) else { return nil }
        return String(cString: name)
    }

    static func mediaType(_ type: AVMediaType) -> StreamInfo.MediaType {
        switch type {
        case AVMEDIA_TYPE_VIDEO: .video
        case AVMEDIA_TYPE_AUDIO: .audio
        case AVMEDIA_TYPE_SUBTITLE: .subtitle
        case AVMEDIA_TYPE_DATA: .data
        case AVMEDIA_TYPE_ATTACHMENT: .attachment
        default: .unknown
        }
    }

    /// Cover art in MP3/MP4 shows up as a one-packet video stream; it is not "the video".
    static func isAttachedPicture(_ stream: UnsafeMutablePointer<AVStream>) -> Bool {
        stream.pointee.disposition & AV_DISPOSITION_ATTACHED_PIC != 0
    }

    private static func rate(_ value: AVRational) -> Double? {
        guard value.num > 0, value.den > 0 else { return nil }
        return Double(value.num) / Double(value.den)
    }
}
