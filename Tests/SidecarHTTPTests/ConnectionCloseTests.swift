import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import SidecarHTTP

/// nginx-rtmp sends `POST ... HTTP/1.0` with `Connection: Close` and waits for the server to
/// close before it reads the answer, so the daemon must close right after answering.
@Suite("Connection: close in any letter case")
struct ConnectionCloseTests {
    @Test("the Connection header's close token is found in any case and in a list", arguments: [
        ("close", true), ("Close", true), ("CLOSE", true), ("keep-alive, Close", true), ("keep-alive", false), ("closed", false),
        ("Close, keep-alive", true), (" close\t", true), ("upgrade,CloSe", true), (",,close,", true), ("", false),
        ("clos", false), ("xclose", false), ("c-lose", false), ("Keep-Alive", false), ("close-ish, keep-alive", false),
    ])
    func token(_ value: String, _ closes: Bool) {
        #expect(ConnectionCloseHandler.saysClose(value) == closes)
    }

    @Test("an nginx-rtmp style request is answered and the connection closed at once")
    func closesAfterAnswer() async throws {
        let h = try await HTTPHarness(mediaServer: .nginxRTMP)
        defer { h.core.remove() }
        try await h.app.test(.live) { client in
            let port = try #require(client.port)
            let body = "app=live&flashver=x&swfurl=&tcurl=rtmp://127.0.0.1/live&pageurl=&addr=127.0.0.1&epoch=1&call=connect"
            let request = "POST /hooks/nginx-rtmp/on_connect HTTP/1.0\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: \(body.utf8.count)\r\nConnection: Close\r\n\r\n" + body
            let started = ContinuousClock.now
            let answer = try await RawHTTP.exchange(port: port, request: request, timeoutSeconds: 5)
            #expect(answer.closedByServer, "the server kept the connection open")
            #expect(ContinuousClock.now - started < .seconds(4))  // kept open, it would wait the 5 s timeout
            #expect(answer.text.hasPrefix("HTTP/1.1 200"))
        }
    }
}

/// One request over a plain socket, reading until the server closes or `timeoutSeconds` pass,
/// on a thread of its own (the calls block).
enum RawHTTP {
    struct Answer: Sendable {
        var text: String
        var closedByServer: Bool
    }

    static func exchange(port: Int, request: String, timeoutSeconds: Int) async throws -> Answer {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try blockingExchange(port: port, request: request, timeoutSeconds: timeoutSeconds) })
            }
        }
    }

    private static func blockingExchange(port: Int, request: String, timeoutSeconds: Int) throws -> Answer {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw RawHTTPError() }
        let bytes = Array(request.utf8)
        guard send(fd, bytes, bytes.count, 0) == bytes.count else { throw RawHTTPError() }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count == 0 { return Answer(text: String(decoding: received, as: UTF8.self), closedByServer: true) }
            // A signal (another suite's child process ending: SIGCHLD) interrupts the wait;
            // only the timeout (EAGAIN) means the server kept the connection open.
            if count < 0, errno == EINTR { continue }
            if count < 0 { return Answer(text: String(decoding: received, as: UTF8.self), closedByServer: false) }
            received += buffer[0..<count]
        }
    }

    struct RawHTTPError: Error {}
}
