internal import CAVShims
internal import CFFmpeg
import Logging

/// Routes FFmpeg's process-wide log output into swift-log.
///
/// FFmpeg's "errors" describe the *media* (a corrupt slice, a missing moov box), which the
/// inspection already reports as values or as ``InspectError``; so they are logged one step
/// lower than FFmpeg's own level: FFmpeg error → `.warning`, warning → `.notice`. Only FFmpeg
/// panics and fatals are `.error`. FFmpeg's threshold starts at AV_LOG_ERROR, so a healthy
/// segment logs nothing and a corrupt one logs a line or two.
enum FFmpegLog {
    static let logger = Logger(label: "stream-sidecar.ffmpeg")

    /// A static let initialiser runs once per process, thread-safely: the callback is global.
    private static let installation: Void = {
        av_log_set_level(AV_LOG_ERROR)
        sc_av_set_log_handler { level, line in
            guard let line else { return }
            FFmpegLog.logger.log(level: FFmpegLog.loggerLevel(for: level), "\(String(cString: line))")
        }
    }()

    /// Installs the bridge (idempotent); every entry point calls this before touching FFmpeg.
    static func install() { _ = installation }

    /// Starts collecting the first FFmpeg error message of an operation on this thread.
    static func beginCapture() { sc_av_clear_first_error() }

    /// FFmpeg's first error message on this thread since ``beginCapture()``, e.g.
    /// "moov atom not found": more precise than the error code's text.
    static func firstError() -> String? {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 256) { buffer in
            guard let base = buffer.baseAddress, sc_av_first_error(base, buffer.count) > 0 else { return nil }
            return String(cString: base)
        }
    }

    static func loggerLevel(for avLevel: Int32) -> Logger.Level {
        switch avLevel {
        case ...AV_LOG_FATAL: .error
        case ...AV_LOG_ERROR: .warning
        case ...AV_LOG_WARNING: .notice
        case ...AV_LOG_INFO: .info
        case ...AV_LOG_VERBOSE: .debug
        default: .trace
        }
    }

    /// The FFmpeg threshold that lets through exactly the lines mapped to `level` or above.
    static func avLevel(for level: Logger.Level) -> Int32 {
        switch level {
        case .trace: AV_LOG_TRACE
        case .debug: AV_LOG_VERBOSE
        case .info: AV_LOG_INFO
        case .notice: AV_LOG_WARNING
        case .warning: AV_LOG_ERROR
        case .error: AV_LOG_FATAL
        case .critical: AV_LOG_QUIET
        }
    }
}
