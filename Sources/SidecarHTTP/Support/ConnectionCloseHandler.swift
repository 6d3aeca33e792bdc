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
    static func saysClose(_ value: String) -> Bool {
        value.split(separator: ",").contains { token in
            token.filter { $0 != " " && $0 != "\t" }.lowercased() == "close"
        }
    }
}
