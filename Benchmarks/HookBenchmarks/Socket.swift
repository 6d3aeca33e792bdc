import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One blocking HTTP/1.1 keep-alive connection to the loopback.
///
/// Plain sockets, not NIO: each connection has exactly one request in flight, in program
/// order, which is what keeps a publish before its unpublish. Used blocking (`exchange`) or
/// from an epoll loop (`send`, then `receive(waiting: false)` when readable; see `LoadLoop`).
struct Socket {
    let fd: Int32
    let port: UInt16
    private var buffer = [UInt8](repeating: 0, count: 16_384)
    /// How much of the answer in flight has arrived, and where its head ends.
    private var received: (length: Int, headerEnd: Int?, contentLength: Int) = (0, nil, 0)

    private init(fd: Int32, port: UInt16) {
        self.fd = fd
        self.port = port
    }

    static func connect(port: UInt16) throws -> Socket {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw BenchError("socket: errno \(errno)") }
        var one: Int32 = 1
        // Requests are small and answered one at a time: Nagle would only add delay.
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = loopback(port)
        let status = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard status == 0 else {
            close(fd)
            throw BenchError("connect to 127.0.0.1:\(port): errno \(errno)")
        }
        return Socket(fd: fd, port: port)
    }

    static func bindLoopback() throws -> Socket {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = loopback(0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard fd >= 0, bound else { throw BenchError("bind: errno \(errno)") }
        return Socket(fd: fd, port: UInt16(bigEndian: address.sin_port))
    }

    private static func loopback(_ port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        return address
    }

    /// Sends a whole request and reads one whole response: (status, body), blocking.
    mutating func exchange(_ request: [UInt8]) throws -> (status: Int, body: ArraySlice<UInt8>) {
        try send(request)
        while true {
            if let response = try receive(waiting: true) { return response }
        }
    }

    /// Sends a whole request. Requests are far smaller than the socket's send buffer, so this
    /// never blocks for long even on an event-driven connection.
    func send(_ request: [UInt8]) throws {
        var sent = 0
        while sent < request.count {
            let n = request.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + sent, request.count - sent, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw BenchError("send: errno \(errno)") }
            sent += n
        }
    }

    /// Reads what has arrived of the answer to the one request in flight, and returns the
    /// answer once it is whole (its body is valid until the next call). Not `waiting`: nil
    /// when nothing more has arrived yet. Works on bytes and reuses its buffer: this client
    /// shares the two cores with the daemon it measures.
    mutating func receive(waiting: Bool) throws -> (status: Int, body: ArraySlice<UInt8>)? {
        if received.length == buffer.count { buffer += [UInt8](repeating: 0, count: buffer.count) }
        let flags = waiting ? 0 : Int32(MSG_DONTWAIT)
        let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress! + received.length, $0.count - received.length, flags) }
        if n < 0 && !waiting && (errno == EAGAIN || errno == EWOULDBLOCK) { return nil }
        guard n > 0 else { throw BenchError(n == 0 ? "the server closed the connection" : "recv: errno \(errno)") }
        received.length += n
        if received.headerEnd == nil, let end = Self.headerEnd(buffer, received.length) {
            received.headerEnd = end
            received.contentLength = try Self.contentLength(buffer[0..<end])
        }
        guard let headerEnd = received.headerEnd, received.length >= headerEnd + received.contentLength else { return nil }
        // One request in flight: nothing may follow this response.
        let status = buffer[9..<12].reduce(0) { $0 * 10 + Int($1) - 48 }
        let body = buffer[headerEnd..<(headerEnd + received.contentLength)]
        received = (0, nil, 0)
        return (status, body)
    }

    /// Where the body starts (after the blank line), if the head is complete.
    private static func headerEnd(_ bytes: [UInt8], _ length: Int) -> Int? {
        guard length >= 4 else { return nil }
        for index in 0...(length - 4) where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
            return index + 4
        }
        return nil
    }

    private static let contentLengthName = Array("\r\ncontent-length:".utf8)

    /// The daemon answers with fixed-length bodies; chunked answers are not expected here.
    private static func contentLength(_ head: ArraySlice<UInt8>) throws -> Int {
        let name = contentLengthName
        var index = head.startIndex
        while index + name.count <= head.endIndex {
            // ASCII lower-casing: header names are case-insensitive.
            if zip(head[index..<(index + name.count)], name).allSatisfy({ ($0 | 0x20) == ($1 | 0x20) }) {
                var value = 0
                var digit = index + name.count
                while digit < head.endIndex, head[digit] == 32 { digit += 1 }
                while digit < head.endIndex, head[digit] >= 48, head[digit] <= 57 {
                    value = value * 10 + Int(head[digit]) - 48
                    digit += 1
                }
                return value
            }
            index += 1
        }
        throw BenchError("a response without content-length")
    }
}
