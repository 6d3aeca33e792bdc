internal import CFFmpeg

/// Owns a read-only custom AVIOContext over a ``ByteSource`` and the source itself.
///
/// Lifetime: the format context using it must be closed (`avformat_close_input`, which leaves a
/// custom `pb` alone) before this is released. ``FormatContext`` guarantees that by keeping it in
/// a stored property, which Swift releases only after `FormatContext.deinit` has run.
final class CustomIOContext {
    /// 64 KiB: a handful of callbacks per segment. FFmpeg may grow or replace the buffer.
    private static let bufferSize: Int32 = 64 * 1024

    private(set) var pointer: UnsafeMutablePointer<AVIOContext>
    let source: ByteSource

    init(source: ByteSource) throws(InspectError) {
        guard let buffer = av_malloc(Int(Self.bufferSize))?.assumingMemoryBound(to: UInt8.self) else {
            throw InspectError(.unreadable, "out of memory for the I/O buffer", averror: AVErrorCode.outOfMemory)
        }
        guard
            let context = avio_alloc_context(
                buffer, Self.bufferSize, 0, Unmanaged.passUnretained(source).toOpaque(),
                byteSourceRead, nil, byteSourceSeek)
        else {
            av_free(buffer)
            throw InspectError(.unreadable, "out of memory for the I/O context", averror: AVErrorCode.outOfMemory)
        }
        self.source = source
        self.pointer = context
    }

    deinit {
        // Free whatever pb->buffer is *now* (FFmpeg may have reallocated it while probing);
        // avio_context_free does not free the buffer. The source is released after this body.
        av_freep(&pointer.pointee.buffer)
        var context: UnsafeMutablePointer<AVIOContext>? = pointer
        avio_context_free(&context)
    }
}
