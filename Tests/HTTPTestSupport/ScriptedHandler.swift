import NIOCore
import NIOHTTP1

/// Turns each request on one connection into a call of the test's handler and writes its answer.
/// NIO's pipelining handler (added by configureHTTPServerPipeline) holds back the next request
/// until this response has ended, so answers go out in order.
final class ScriptedHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let log: ServerLog
    private let handler: ScriptedHTTPServer.Handler
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []

    init(log: ServerLog, handler: @escaping ScriptedHTTPServer.Handler) {
        self.log = log
        self.handler = handler
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body = []
        case .body(var buffer):
            body += buffer.readBytes(length: buffer.readableBytes) ?? []
        case .end:
            guard let head else { return }
            self.head = nil
            respond(to: head, body: body, context: context)
        }
    }

    private func respond(to head: HTTPRequestHead, body: [UInt8], context: ChannelHandlerContext) {
        let request = TestRequest(
            method: head.method.rawValue, uri: head.uri, headers: head.headers.map { ($0.name, $0.value) }, body: body)
        log.record(request)
        // The handler is async test code: it runs in a task on the server's own executor (see
        // HandlerExecutor), and its answer is written back on the channel's event loop (where
        // the future's callbacks run).
        let promise = context.eventLoop.makePromise(of: TestResponse.self)
        Task(executorPreference: HandlerExecutor.shared) { [handler] in
            let response = await handler(request)
            if let delay = response.delay { try? await Task.sleep(for: delay) }
            promise.succeed(response)
        }
        promise.futureResult.assumeIsolated().whenSuccess { response in
            self.write(response, for: head, context: context)
        }
    }

    private func write(_ response: TestResponse, for request: HTTPRequestHead, context: ChannelHandlerContext) {
        var headers = HTTPHeaders(response.headers)
        if !headers.contains(name: "content-length") && !headers.contains(name: "transfer-encoding") {
            headers.add(name: "Content-Length", value: String(response.body.count))
        }
        let keepAlive = request.isKeepAlive
        if !keepAlive { headers.replaceOrAdd(name: "Connection", value: "close") }
        let head = HTTPResponseHead(
            version: request.version, status: HTTPResponseStatus(statusCode: response.status), headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)

        // A response to HEAD has the GET response's headers but never a body.
        let body = request.method == .HEAD ? [] : response.body
        if let split = response.stallAfterBytes, let stall = response.stall, split < body.count {
            writeBody(body[..<split], context: context)
            context.flush()
            context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(stall)) {
                self.writeBody(body[split...], context: context)
                self.end(keepAlive: keepAlive, context: context)
            }
        } else {
            writeBody(body[...], context: context)
            end(keepAlive: keepAlive, context: context)
        }
    }

    private func writeBody(_ bytes: ArraySlice<UInt8>, context: ChannelHandlerContext) {
        guard !bytes.isEmpty else { return }
        let buffer = context.channel.allocator.buffer(bytes: bytes)
        context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
    }

    private func end(keepAlive: Bool, context: ChannelHandlerContext) {
        let written = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive {
            written.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
        }
    }
}
