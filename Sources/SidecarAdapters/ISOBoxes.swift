import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The top-level boxes of an ISO BMFF (MP4) file, read from their headers only: enough to
/// tell an MP4 cut off before its muxer wrote the `moov` index from one that lost its tail.
struct ISOBoxes: Equatable {
    var types: [String]
    /// A box claims more bytes than the file has.
    var truncated: Bool

    var hasIndex: Bool { types.contains("moov") }
    var isFragmented: Bool { types.contains("moof") }

    /// Nil when the file does not start like an MP4.
    static func read(path: String, maxBoxes: Int = 10_000) -> ISOBoxes? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return nil }
        let size = Int64(info.st_size)
        var boxes = ISOBoxes(types: [], truncated: false)
        var offset: Int64 = 0
        var header = [UInt8](repeating: 0, count: 16)
        while offset + 8 <= size, boxes.types.count < maxBoxes {
            let read = header.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, 16, off_t(offset)) }
            guard read >= 8 else { break }
            var length = Int64(header[0..<4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
            let type = String(decoding: header[4..<8], as: UTF8.self)
            guard type.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else { return boxes.types.isEmpty ? nil : boxes }
            if length == 1 {
                guard read >= 16 else { break }
                length = Int64(bitPattern: header[8..<16].reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
            } else if length == 0 {
                length = size - offset  // "to the end of the file"
            }
            guard length >= 8 else { return boxes.types.isEmpty ? nil : boxes }
            boxes.types.append(type)
            if offset + length > size {
                boxes.truncated = true
                break
            }
            offset += length
        }
        return boxes.types.first.map { ["ftyp", "styp", "moov", "free", "skip", "wide", "mdat", "moof"].contains($0) } == true
            ? boxes : nil
    }
}
