import Foundation

#if canImport(FoundationXML)
import FoundationXML
#endif

/// nginx-rtmp's stat page (`rtmp_stat all;`) as reconciliation reads it: which nginx run
/// answered (the worker's `<pid>` and the `<uptime>` since the configuration was loaded) and,
/// per application, the live streams with their clients. Shaped as in
/// `Fixtures/nginx-rtmp/stat-live.xml`; every other element is ignored.
struct NginxRTMPStat: Sendable, Equatable {
    struct Stream: Sendable, Equatable {
        var app: String
        var name: String
        var clients: [Client]
    }

    struct Client: Sendable, Equatable {
        /// nginx's connection number, the `clientid` of the notifications.
        var id: String
        var address: String?
        /// `<publishing/>`: this client publishes the stream; the others play it.
        var publishing: Bool
    }

    struct ParseError: Error, CustomStringConvertible {
        let description: String
    }

    var pid: String
    /// Seconds since nginx loaded its configuration (a start or a reload).
    var uptime: Int
    var streams: [Stream]

    /// Parses the page; anything that is not nginx-rtmp's stat XML throws.
    static func parse(_ data: Data) throws -> NginxRTMPStat {
        let reader = StatReader()
        let parser = XMLParser(data: data)
        parser.delegate = reader
        parser.shouldResolveExternalEntities = false
        guard parser.parse() else {
            throw ParseError(description: "not XML (\(parser.parserError.map { "\($0.localizedDescription)" } ?? "parse error"))")
        }
        guard reader.sawRoot else { throw ParseError(description: "not nginx-rtmp's stat page: no <rtmp> root element") }
        guard let pid = reader.pid, !pid.isEmpty, let uptime = reader.uptime else {
            throw ParseError(description: "nginx-rtmp's stat page without <pid> or <uptime>")
        }
        return NginxRTMPStat(pid: pid, uptime: uptime, streams: reader.streams)
    }
}

/// Walks the stat XML keeping the path of open elements; values are taken where they close.
private final class StatReader: NSObject, XMLParserDelegate {
    var sawRoot = false
    var pid: String?
    var uptime: Int?
    var streams: [NginxRTMPStat.Stream] = []

    private var path: [String] = []
    private var text = ""
    private var app: String?
    private var stream: NginxRTMPStat.Stream?
    private var client: NginxRTMPStat.Client?

    /// `rtmp/server/application/live/stream`
    private static let streamPath = ["rtmp", "server", "application", "live", "stream"]

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        if path.isEmpty && name == "rtmp" { sawRoot = true }
        path.append(name)
        text = ""
        if path == Self.streamPath {
            stream = NginxRTMPStat.Stream(app: app ?? "", name: "", clients: [])
        } else if path == Self.streamPath + ["client"] {
            client = NginxRTMPStat.Client(id: "", address: nil, publishing: false)
        } else if path == Self.streamPath + ["client", "publishing"] {
            client?.publishing = true
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        text += string
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
        switch path {
        case ["rtmp", "pid"]: pid = value
        case ["rtmp", "uptime"]: uptime = Int(value)
        case ["rtmp", "server", "application", "name"]: app = value
        case ["rtmp", "server", "application"]: app = nil
        case Self.streamPath + ["name"]: stream?.name = value
        case Self.streamPath + ["client", "id"]: client?.id = value
        case Self.streamPath + ["client", "address"]: client?.address = value
        case Self.streamPath + ["client"]:
            if let client, !client.id.isEmpty { stream?.clients.append(client) }
            client = nil
        case Self.streamPath:
            if let stream, !stream.name.isEmpty { streams.append(stream) }
            stream = nil
        default: break
        }
        path.removeLast()
        text = ""
    }
}
