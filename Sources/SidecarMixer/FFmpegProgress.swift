import Foundation

/// ffmpeg's `-progress` output: blocks of `key=value` lines, each ended by
/// `progress=continue` (or `progress=end` when it finishes).
public struct FFmpegProgress: Sendable, Equatable {
    public var frame: Int?
    public var fps: Double?
    /// Output time in milliseconds.
    public var outTimeMs: Int?
    public var speed: String?
    /// `progress=end`: ffmpeg is finishing.
    public var ended: Bool

    public init(frame: Int? = nil, fps: Double? = nil, outTimeMs: Int? = nil, speed: String? = nil, ended: Bool = false) {
        self.frame = frame
        self.fps = fps
        self.outTimeMs = outTimeMs
        self.speed = speed
        self.ended = ended
    }

    /// Collects lines into reports.
    public struct Parser: Sendable {
        private var current = FFmpegProgress()

        public init() {}

        /// Feeds one line; returns the report a `progress=` line completes.
        public mutating func feed(_ line: some StringProtocol) -> FFmpegProgress? {
            guard let equals = line.firstIndex(of: "=") else { return nil }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            switch key {
            case "frame": current.frame = Int(value)
            case "fps": current.fps = Double(value)
            // `out_time_us` and (despite its name, also microseconds) `out_time_ms`.
            case "out_time_us", "out_time_ms": if let micro = Int(value) { current.outTimeMs = micro / 1000 }
            case "speed": current.speed = value
            case "progress":
                var report = current
                report.ended = value == "end"
                current = FFmpegProgress()
                return report
            default: break
            }
            return nil
        }
    }
}
