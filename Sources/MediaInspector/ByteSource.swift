internal import CAVShims
internal import CFFmpeg

/// Where a custom AVIOContext reads from: memory (``MemorySource``) or an open file
/// (``FileSource``). One class hierarchy so that one pair of C callbacks serves both.
///
/// FFmpeg keeps an unretained pointer to the source as the AVIOContext's `opaque`;
/// ``CustomIOContext`` owns the source and outlives every use of that pointer.
class ByteSource {
    let deadline: Deadline
    /// Total length in bytes (answers AVSEEK_SIZE, and is ``MediaInfo/size``).
    let size: Int

    init(size: Int, deadline: Deadline) {
        self.size = size
        self.deadline = deadline
    }

    /// Up to `count` bytes into `buffer`: the number read, AVERROR_EOF at the end, or an AVERROR.
    func read(into buffer: UnsafeMutablePointer<UInt8>, count: Int) -> Int32 {
        AVErrorCode.invalidArgument
    }

    /// Moves to an absolute offset; returns it, or an AVERROR.
    func move(to offset: Int64) -> Int64 { Int64(AVErrorCode.invalidArgument) }

    /// The current read offset.
    var offset: Int64 { 0 }

    /// The first bytes, for sniffing the format, without moving the read offset.
    func prefix(_ count: Int) -> [UInt8] { [] }
}

/// AVIOContext.read_packet for any ``ByteSource``.
let byteSourceRead: @convention(c) (UnsafeMutableRawPointer?, UnsafeMutablePointer<UInt8>?, Int32) -> Int32 = {
    opaque, buffer, size in
    guard let opaque, let buffer, size > 0 else { return AVErrorCode.invalidArgument }
    let source = Unmanaged<ByteSource>.fromOpaque(opaque).takeUnretainedValue()
    // A demuxer that keeps reading is how an input could spin; the deadline stops it here.
    if source.deadline.expired { return AVErrorCode.exit }
    return source.read(into: buffer, count: Int(size))
}

/// AVIOContext.seek for any ``ByteSource``, including AVSEEK_SIZE.
let byteSourceSeek: @convention(c) (UnsafeMutableRawPointer?, Int64, Int32) -> Int64 = {
    opaque, offset, whence in
    guard let opaque else { return Int64(AVErrorCode.invalidArgument) }
    let source = Unmanaged<ByteSource>.fromOpaque(opaque).takeUnretainedValue()
    let length = Int64(source.size)
    if whence & AVSEEK_SIZE != 0 { return length }
    let base: Int64
    switch whence & ~AVSEEK_FORCE {
    case SEEK_SET: base = 0
    case SEEK_CUR: base = source.offset
    case SEEK_END: base = length
    default: return Int64(AVErrorCode.invalidArgument)
    }
    let (target, overflow) = base.addingReportingOverflow(offset)
    guard !overflow, target >= 0, target <= length else { return Int64(AVErrorCode.invalidArgument) }
    return source.move(to: target)
}
