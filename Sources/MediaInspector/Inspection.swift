/// One inspection from start to finish: pick the demuxer, open, scan, build the result.
/// Every FFmpeg object it creates is owned by a local and freed when `run` returns.
struct Inspection {
    let options: InspectOptions

    func run(_ source: ByteSource, formatHint: String?) throws(InspectError) -> MediaInfo {
        FFmpegLog.install()
        FFmpegAllocator.prepare()
        FFmpegLog.beginCapture()
        guard source.size > 0 else { throw InspectError(.unreadable, "the input is empty") }
        let formatName = formatHint ?? FormatSniffer.sniff(source.prefix(FormatSniffer.prefixLength))
        let format = try FormatContext(source: source, formatName: formatName)
        // The read callback fails past the deadline, and some demuxers open anyway on what
        // they got; that is a timeout, not an empty input.
        if source.deadline.expired {
            throw InspectError(.timedOut, "opening the input took longer than the timeout")
        }
        let scan = try PacketScanner(format: format, options: options, deadline: source.deadline).run()
        return try MediaInfoBuilder(format: format, scan: scan, size: source.size).build()
    }
}
