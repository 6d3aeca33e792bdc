internal import CFFmpeg

/// Owns one AVPacket (the struct; its payload is unref'd after each use by the scanner).
final class Packet {
    let pointer: UnsafeMutablePointer<AVPacket>

    init() throws(InspectError) {
        guard let packet = av_packet_alloc() else {
            throw InspectError(.unreadable, "out of memory for a packet", averror: AVErrorCode.outOfMemory)
        }
        pointer = packet
    }

    /// A new reference to `other`'s payload (no copy of the data when it is refcounted).
    init?(referencing other: UnsafePointer<AVPacket>) {
        guard let packet = av_packet_alloc() else { return nil }
        guard av_packet_ref(packet, other) >= 0 else {
            var owned: UnsafeMutablePointer<AVPacket>? = packet
            av_packet_free(&owned)
            return nil
        }
        pointer = packet
    }

    deinit {
        var packet: UnsafeMutablePointer<AVPacket>? = pointer
        av_packet_free(&packet)
    }
}
