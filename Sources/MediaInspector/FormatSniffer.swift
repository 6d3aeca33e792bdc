/// Picks the demuxer from the first bytes, so that the common inputs skip FFmpeg's probe (which
/// runs every demuxer's probe function over the data) and so that a broken file of a known
/// format is reported as corrupt rather than unrecognised.
enum FormatSniffer {
    /// Demuxers this module opens. Everything else is refused: in particular playlist-like
    /// formats (hls, concat, ...) that would open further files or URLs named inside the input.
    static let allowedFormats: Set<String> = [
        "mpegts", "flv", "mov", "mp4", "m4a", "3gp", "3g2", "mj2", "matroska", "webm",
        "aac", "mp3", "ac3", "eac3",
    ]

    /// The same list in FFmpeg's `format_whitelist` syntax.
    static let whitelist = allowedFormats.sorted().joined(separator: ",")

    /// Bytes worth reading for ``sniff(_:)``.
    static let prefixLength = 1024

    /// The mov demuxer's lookup name; its full name is "mov,mp4,m4a,3gp,3g2,mj2".
    static let isoBMFF = "mov"

    /// A demuxer short name for av_find_input_format, or nil to let FFmpeg probe.
    static func sniff(_ bytes: [UInt8]) -> String? {
        if isTransportStream(bytes) { return "mpegts" }
        if bytes.starts(with: [0x46, 0x4C, 0x56, 0x01]) { return "flv" }  // "FLV" version 1
        if isISOBMFF(bytes) { return isoBMFF }
        if bytes.starts(with: [0x1A, 0x45, 0xDF, 0xA3]) { return "matroska" }  // EBML header
        return nil
    }

    /// Whether a demuxer may be used. Its name can be a comma list of aliases
    /// ("mov,mp4,m4a,3gp,3g2,mj2" is one demuxer): allowed when any alias is.
    static func isAllowed(demuxerName: String) -> Bool {
        demuxerName.split(separator: ",").contains { allowedFormats.contains(String($0)) }
    }

    /// Box types that can start an MP4 / fMP4 / CMAF file or fragment.
    private static let leadingBoxes: Set<String> = [
        "ftyp", "styp", "moov", "moof", "sidx", "free", "skip", "wide", "mdat", "pdin",
    ]

    /// Starts with a fragment's boxes rather than a file's: needs its init section.
    static func isMediaFragment(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= 8 else { return false }
        return ["styp", "moof", "sidx"].contains(String(decoding: bytes[4..<8], as: UTF8.self))
    }

    private static func isTransportStream(_ bytes: [UInt8]) -> Bool {
        // 0x47 sync byte every 188 bytes; check as many packets as the prefix holds (up to 3).
        guard bytes.count >= 188, bytes[0] == 0x47 else { return false }
        var offset = 188
        while offset < min(bytes.count, 3 * 188 + 1) {
            if bytes[offset] != 0x47 { return false }
            offset += 188
        }
        return true
    }

    private static func isISOBMFF(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= 8 else { return false }
        let size = UInt32(bytes[0]) << 24 | UInt32(bytes[1]) << 16 | UInt32(bytes[2]) << 8 | UInt32(bytes[3])
        // 0 = "to the end", 1 = 64-bit size follows; otherwise at least the 8-byte header.
        guard size == 0 || size == 1 || size >= 8 else { return false }
        return leadingBoxes.contains(String(decoding: bytes[4..<8], as: UTF8.self))
    }
}
