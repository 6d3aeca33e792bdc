internal import CFFmpeg

/// Names what FFmpeg's probe would pick for some bytes, to explain a failed open: "not on our
/// list" reads differently from "not media at all".
enum FormatProbe {
    /// The best-scoring demuxer for `prefix` and its score (0–100), or nil when none matches.
    static func bestGuess(_ prefix: [UInt8]) -> (name: String, score: Int32)? {
        guard !prefix.isEmpty else { return nil }
        // FFmpeg's probe functions may read AVPROBE_PADDING_SIZE bytes past the end; zero them.
        var buffer = prefix + [UInt8](repeating: 0, count: Int(AVPROBE_PADDING_SIZE))
        return buffer.withUnsafeMutableBufferPointer { bytes -> (String, Int32)? in
            "".withCString { emptyName in
                var data = AVProbeData(
                    filename: emptyName, buf: bytes.baseAddress, buf_size: Int32(prefix.count), mime_type: nil)
                var score: Int32 = 0
                guard let format = av_probe_input_format3(&data, 1, &score), score > 0 else { return nil }
                return (String(cString: format.pointee.name), score)
            }
        }
    }
}
