internal import CAVShims

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// FFmpeg's error codes that C defines as macros, read through CAVShims once.
enum AVErrorCode {
    static let endOfFile = sc_averror_eof()
    static let invalidData = sc_averror_invaliddata()
    static let exit = sc_averror_exit()
    static let again = sc_averror(EAGAIN)
    static let invalidArgument = sc_averror(EINVAL)
    static let outOfMemory = sc_averror(ENOMEM)

    static func posix(_ errno: Int32) -> Int32 { sc_averror(errno) }

    /// FFmpeg's text for an error code, e.g. "Invalid data found when processing input".
    static func text(_ code: Int32) -> String {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 128) { buffer in
            guard let base = buffer.baseAddress else { return "error \(code)" }
            _ = sc_av_strerror(code, base, buffer.count)
            return String(cString: base)
        }
    }
}

/// AV_NOPTS_VALUE ("no timestamp").
let noTimestamp: Int64 = sc_av_nopts_value()
