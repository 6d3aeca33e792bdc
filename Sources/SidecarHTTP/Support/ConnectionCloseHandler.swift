import HTTPTypes
import HummingbirdCore
import NIOCore
import NIOHTTPTypes

/// The daemon's HTTP/1.1 server: Hummingbird's, plus `ConnectionCloseHandler`.
public func sidecarHTTPServer() -> HTTPServerBuilder {
    .http1(configuration: .init(additionalChannelHandlers: [ConnectionCloseHandler()]))
}

/// Closes the connection once a response is written when its request said
/// `Connection: close` in any letter case.
///
/// Hummingbird 2 closes only on exactly `close`. nginx-rtmp sends each notification as an
/// HTTP/1.0 request with `Connection: Close` and reads the answer until the server closes the
/// connection, so without this every notification would wait for nginx-rtmp's own timeout
/// (seconds) and a publish would never get its answer in time.
final class ConnectionCloseHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private var closeAfterResponse = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head(let head) = unwrapInboundIn(data) {
            closeAfterResponse = head.headerFields[values: .connection].contains(where: Self.saysClose)
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard closeAfterResponse, case .end = unwrapOutboundIn(data) else {
            context.write(data, promise: promise)
            return
        }
        closeAfterResponse = false
        context.writeAndFlush(data, promise: promise)
        context.close(promise: nil)
    }

    /// `Connection` is a comma-separated list of case-insensitive tokens (RFC 9110 7.6.1).
    /// Read byte by byte: every keep-alive request carries this header, and splitting and
    /// lowercasing it allocated several strings per request.
    static func saysClose(_ value: String) -> Bool {
        var matched = 0  // bytes of "close" matched so far in this token; -1: not "close"
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: ","):
                if matched == 5 { return true }
                matched = 0
            case UInt8(ascii: " "), UInt8(ascii: "\t"):
                continue
            default:
                guard matched >= 0, matched < 5, byte | 0x20 == close[matched] else {
                    matched = -1
                    continue
                }
                matched += 1
            }
        }
        return matched == 5
    }

    private static let close = Array("close".utf8)
}
