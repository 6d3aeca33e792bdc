#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A regular file read through our own AVIOContext rather than FFmpeg's `file:` protocol: the
/// path is never parsed as a URL (no "proto:" surprises), the deadline is checked on every read,
/// and FIFOs or devices are refused before anything blocks on them.
final class FileSource: ByteSource {
    private let descriptor: Int32

    init(path: String, deadline: Deadline) throws(InspectError) {
        // O_NONBLOCK so that opening a FIFO cannot wait for a writer; it is refused below.
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else {
            let code = errno
            throw InspectError(
                .unreadable, "cannot open \(path): \(String(cString: strerror(code)))",
                averror: AVErrorCode.posix(code))
        }
        var info = stat()
        guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            close(descriptor)
            throw InspectError(.unreadable, "not a regular file: \(path)")
        }
        self.descriptor = descriptor
        super.init(size: Int(info.st_size), deadline: deadline)
    }

    deinit { close(descriptor) }

    override func read(into buffer: UnsafeMutablePointer<UInt8>, count: Int) -> Int32 {
        while true {
            let result = systemRead(descriptor, buffer, count)
            if result > 0 { return Int32(result) }
            if result == 0 { return AVErrorCode.endOfFile }
            if errno != EINTR { return AVErrorCode.posix(errno) }
        }
    }

    override func move(to offset: Int64) -> Int64 {
        let result = lseek(descriptor, off_t(offset), SEEK_SET)
        return result < 0 ? Int64(AVErrorCode.posix(errno)) : Int64(result)
    }

    override var offset: Int64 { Int64(lseek(descriptor, 0, SEEK_CUR)) }

    override func prefix(_ count: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        let read = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, count, 0) }
        return read > 0 ? Array(bytes.prefix(read)) : []
    }
}

/// The C `read`, which the override above would otherwise shadow.
private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutablePointer<UInt8>, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}
