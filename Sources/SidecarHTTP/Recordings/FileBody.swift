import Foundation
import Hummingbird
import NIOCore
import NIOPosix
import SidecarCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An open file streamed as a response body, a chunk at a time on NIO's blocking thread pool:
/// never loaded into memory whatever its size. The descriptor is opened before the response
/// starts, so a delete while a player is downloading does not cut the download short.
final class OpenFile: @unchecked Sendable {
    // @unchecked: `descriptor` is immutable and read with pread (no shared offset); the body
    // writer reads it from one task at a time, and deinit runs after the last read.
    let descriptor: Int32

    /// Opens `path` (a canonical path just proved to be inside the roots) without following
    /// a link; on Linux the open file is checked to still be that path (a folder swapped for
    /// a link in between is caught). Nil when it cannot be opened or is not what was checked.
    init?(path: String) {
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        #if os(Linux)
        if RecordingPath.systemRealpath("/proc/self/fd/\(descriptor)") != path {
            close(descriptor)
            return nil
        }
        #endif
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    static let chunkSize = 128 * 1024

    /// Streams bytes `range` (inclusive) of the file.
    func body(range: ClosedRange<Int64>) -> ResponseBody {
        ResponseBody(contentLength: Int(range.upperBound - range.lowerBound + 1)) { writer in
            var offset = range.lowerBound
            while offset <= range.upperBound {
                let count = Int(min(Int64(Self.chunkSize), range.upperBound - offset + 1))
                let start = offset
                let chunk: ByteBuffer = try await NIOThreadPool.singleton.runIfActive {
                    var buffer = ByteBufferAllocator().buffer(capacity: count)
                    let read = buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: count) { bytes in
                        max(0, pread(self.descriptor, bytes.baseAddress, count, off_t(start)))
                    }
                    guard read > 0 else { throw FileBodyError.shortRead }
                    return buffer
                }
                offset += Int64(chunk.readableBytes)
                try await writer.write(chunk)
            }
            try await writer.finish(nil)
        }
    }
}

enum FileBodyError: Error {
    /// The file got shorter while it was sent.
    case shortRead
}
