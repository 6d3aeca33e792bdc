import Foundation
import Hummingbird
import ServiceLifecycle
import SidecarCore
import Synchronization

/// `GET /api/v1/events`: the outbox as a Server-Sent Events stream, or as JSON pages for
/// polling (`?after=<id>&limit=N`, or `Accept: application/json`).
struct EventsController: Sendable {
    let feed: EventFeed
    /// A comment line this often keeps proxies from closing an idle stream and notices a
    /// client that went away.
    var keepAlive: Duration = .seconds(15)
    /// Reads the outbox at least this often, for events another daemon committed.
    var poll: Duration = .seconds(1)

    func addRoutes(to group: RouterGroup<SidecarRequestContext>) {
        group.get("events", use: events)
    }

    @Sendable func events(_ request: Request, context: SidecarRequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        let limit = try Self.int(query.get("limit"), name: "limit") ?? 100
        let wantsJSON = request.headers[.accept].map { $0.contains("application/json") && !$0.contains("text/event-stream") } ?? false
        if query.get("after") != nil || wantsJSON {
            let after = try Self.int(query.get("after"), name: "after") ?? 0
            return try await page(after: Int64(after), limit: limit)
        }
        let resume = request.headers.first { $0.name.canonicalName == "last-event-id" }?.value ?? query.get("lastEventId")
        let start: Int64
        if let resume {
            guard let id = Int64(resume.trimmingCharacters(in: CharacterSet.whitespaces)), id >= 0 else {
                throw APIError.badRequest("Last-Event-ID must be an event id")
            }
            start = id
        } else {
            start = try await mapErrors { try await feed.latestId() }
        }
        return stream(from: start)
    }

    private func page(after: Int64, limit: Int) async throws -> Response {
        let events = try await mapErrors { try await feed.page(after: after, limit: limit) }
        var body = Data(#"{"events":["#.utf8)
        for (index, event) in events.enumerated() {
            if index > 0 { body.append(UInt8(ascii: ",")) }
            body.append(EventEnvelope.json(event))
        }
        body.append(contentsOf: #"],"next":\#(events.last?.id ?? after)}"#.utf8)
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// Sends every event after `start`, then each new one as it commits, until the client
    /// goes away or the daemon shuts down. The client resumes with `Last-Event-ID`.
    private func stream(from start: Int64) -> Response {
        let feed = feed
        let keepAlive = keepAlive
        let poll = poll
        let body = ResponseBody { writer in
            // Follow before the first read, so no commit between the read and the wait is missed.
            let follower = feed.follow()
            let stopping = StopFlag()
            var last = start
            var quietSince = ContinuousClock.now
            try await writer.write(ByteBuffer(string: "retry: 2000\n\n"))
            // On shutdown the loop ends (the handler wakes it), so the server can finish.
            try await withGracefulShutdownHandler {
                while !stopping.isSet && !Task.isCancelled {
                    let events = try await feed.page(after: last, limit: 500)
                    if events.isEmpty {
                        if ContinuousClock.now - quietSince >= keepAlive {
                            try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                            quietSince = .now
                        }
                        await follower.wait(upTo: poll)
                        continue
                    }
                    var chunk = ByteBuffer()
                    for event in events {
                        chunk.writeString("id: \(event.id)\nevent: \(event.type)\ndata: ")
                        chunk.writeBytes(EventEnvelope.json(event))
                        chunk.writeString("\n\n")
                    }
                    try await writer.write(chunk)
                    last = events[events.count - 1].id
                    quietSince = .now
                }
            } onGracefulShutdown: {
                stopping.set()
                follower.poke()
            }
            try await writer.finish(nil)
        }
        return Response(
            status: .ok,
            headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"],
            body: body)
    }

    private static func int(_ text: String?, name: String) throws -> Int? {
        guard let text else { return nil }
        guard let value = Int(text), value >= 0 else { throw APIError.badRequest("\(name) must be a non-negative integer") }
        return value
    }
}


private final class StopFlag: Sendable {
    private let value = Atomic<Bool>(false)
    var isSet: Bool { value.load(ordering: .relaxed) }
    func set() { value.store(true, ordering: .relaxed) }
}
