/// In-process media inspection with libavformat/libavcodec, from memory or from a file.
///
/// One pass over the packets (no `avformat_find_stream_info`) plus one keyframe decode gives the
/// container, streams, durations and keyframe facts of an HLS segment in about a millisecond.
/// Inputs are untrusted: bad bytes give an ``InspectError`` or a partial result, bounded in time
/// by ``InspectOptions/timeout`` and in size by ``InspectOptions/maxInputBytes``.
///
/// The synchronous methods block the calling thread (callers choose it); the `Async` variants
/// run the same work on a dedicated dispatch queue, off Swift's cooperative pool.
public struct MediaInspector: Sendable {
    public var options: InspectOptions

    public init(options: InspectOptions = .init()) {
        self.options = options
    }

    /// Inspects a segment or file held in memory. `formatHint` is a demuxer name ("mpegts",
    /// "mp4", "flv"...); without it the format is sniffed from the first bytes, then probed.
    public func inspect(bytes: [UInt8], formatHint: String? = nil) throws(InspectError) -> MediaInfo {
        guard bytes.count <= options.maxInputBytes else {
            throw InspectError(.tooLarge, "\(bytes.count) bytes is over the \(options.maxInputBytes)-byte limit")
        }
        let source = MemorySource(bytes: bytes, deadline: Deadline(after: options.timeout))
        return try Inspection(options: options).run(source, formatHint: formatHint)
    }

    /// Inspects a regular file (a segment or a recording), streaming it from disk.
    public func inspect(path: String) throws(InspectError) -> MediaInfo {
        let source = try FileSource(path: path, deadline: Deadline(after: options.timeout))
        return try Inspection(options: options).run(source, formatHint: nil)
    }

    /// Inspects an fMP4 media fragment with the init section named by its `EXT-X-MAP`: the two
    /// are joined in memory and read as one MP4.
    public func inspect(initSection: [UInt8], fragment: [UInt8]) throws(InspectError) -> MediaInfo {
        let total = initSection.count + fragment.count
        guard total <= options.maxInputBytes else {
            throw InspectError(.tooLarge, "\(total) bytes is over the \(options.maxInputBytes)-byte limit")
        }
        guard !initSection.isEmpty else { throw InspectError(.unreadable, "the init section is empty") }
        return try inspect(bytes: initSection + fragment, formatHint: FormatSniffer.isoBMFF)
    }
}
