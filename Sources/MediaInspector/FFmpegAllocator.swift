internal import CFFmpeg
internal import CMallocShims

/// Keeps repeated inspections from paying for page faults.
///
/// One inspection briefly allocates a few MB inside FFmpeg (at 720p: frame buffers, the H.264
/// decoder's tables, the demuxer's buffers) and frees it all at the end. glibc returns freed
/// memory at the top of the heap to the kernel once it exceeds its trim threshold (adaptive:
/// twice the largest mmap'd block freed so far, about 2 MB here), so every inspection got its
/// memory back as fresh pages: ~840 page faults per 720p segment, 4.6 ms instead of 2.6 ms.
///
/// Freeing one 8 MiB block once raises the adaptive thresholds (mmap 8 MiB, trim 16 MiB),
/// exactly as any program that frees such a block does, so the memory stays mapped between
/// inspections. Process-wide but mild: at most 16 MiB of free heap is kept rather than returned;
/// glibc keeps adapting afterwards. No-op on other C libraries.
///
/// Also caps any single FFmpeg allocation (`av_max_alloc`, FFmpeg-wide; default 2 GiB), so that
/// a hostile header claiming 2^28 sample-table entries fails fast instead of reserving gigabytes.
/// 256 MiB is far above anything a real file needs (a 4K frame is 12 MiB; the index of an
/// hour-long MP4 is under 1 MiB).
enum FFmpegAllocator {
    private static let blockSize = Int(SC_MALLOC_MMAP_THRESHOLD)
    private static let maxAllocation = 256 << 20

    private static let prepared: Void = {
        sc_malloc_raise_thresholds(blockSize)
        av_max_alloc(maxAllocation)
    }()

    /// Idempotent and thread-safe (a static let runs its initialiser once).
    static func prepare() { _ = prepared }
}
