extension PlaylistParser {
    /// Bounds that keep hostile input from using unbounded memory or time.
    ///
    /// Exceeding any of them makes the parse fail with an error; it never traps.
    public struct Limits: Sendable, Equatable {
        /// Largest accepted input, in bytes.
        public var maxBytes: Int
        /// Longest accepted line, in bytes, not counting the line terminator.
        public var maxLineLength: Int
        /// Most media segments in one media playlist.
        public var maxSegments: Int
        /// Most attributes in one attribute list.
        public var maxAttributesPerLine: Int
        /// Most EXT-X-KEY tags (one per KEYFORMAT) that may apply to a segment at once.
        ///
        /// Every segment keeps the keys that apply to it, so without a bound a playlist that
        /// alternates new key formats and segments would cost quadratic time and memory.
        public var maxConcurrentKeys: Int

        public init(
            maxBytes: Int = 8 << 20,
            maxLineLength: Int = 64 << 10,
            maxSegments: Int = 200_000,
            maxAttributesPerLine: Int = 128,
            maxConcurrentKeys: Int = 16
        ) {
            self.maxBytes = maxBytes
            self.maxLineLength = maxLineLength
            self.maxSegments = maxSegments
            self.maxAttributesPerLine = maxAttributesPerLine
            self.maxConcurrentKeys = maxConcurrentKeys
        }

        /// 8 MiB, 64 KiB lines, 200,000 segments, 128 attributes per line, 16 concurrent keys.
        public static let `default` = Limits()
    }
}
