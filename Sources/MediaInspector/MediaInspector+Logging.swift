internal import CFFmpeg
import Logging

extension MediaInspector {
    /// Sets how much of FFmpeg's own logging reaches swift-log (label `stream-sidecar.ffmpeg`).
    /// Process-wide, like FFmpeg's log level. The default is `.warning`, which passes FFmpeg's
    /// errors about broken media; `.critical` silences FFmpeg, `.debug` is very chatty.
    public static func setFFmpegLogLevel(_ level: Logger.Level) {
        FFmpegLog.install()
        av_log_set_level(FFmpegLog.avLevel(for: level))
    }
}
