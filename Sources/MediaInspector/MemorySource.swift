/// Bytes already in memory. Holding the array keeps its storage alive and unmoved (it is a
/// `let`), so reads copy straight out of it: no temp file and no second copy of the input.
final class MemorySource: ByteSource {
    private let bytes: [UInt8]
    private var position = 0

    init(bytes: [UInt8], deadline: Deadline) {
        self.bytes = bytes
        super.init(size: bytes.count, deadline: deadline)
    }

    override func read(into buffer: UnsafeMutablePointer<UInt8>, count: Int) -> Int32 {
        let remaining = bytes.count - position
        guard remaining > 0 else { return AVErrorCode.endOfFile }
        let length = min(count, remaining)
        bytes.withUnsafeBufferPointer { source in
            if let base = source.baseAddress { buffer.update(from: base + position, count: length) }
        }
        position += length
        return Int32(length)
    }

    override func move(to offset: Int64) -> Int64 {
        position = Int(offset)
        return offset
    }

    override var offset: Int64 { Int64(position) }

    override func prefix(_ count: Int) -> [UInt8] { Array(bytes.prefix(count)) }
}
