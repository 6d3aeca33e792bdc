import Foundation
import Logging
import SidecarConfig

/// Process-wide logging, chosen once from the settings: text for people, JSON lines for
/// log shippers.
enum Logging {
    static func make(_ settings: SidecarSettings) -> Logger {
        let level = Logger.Level(rawValue: settings.logLevel) ?? .info
        let json = settings.logFormat == "json"
        LoggingSystem.bootstrap { label in
            var handler: any LogHandler = json ? JSONLogHandler(label: label) : TextLogHandler(label: label)
            handler.logLevel = level
            return handler
        }
        return Logger(label: "stream-sidecar")
    }
}

/// swift-log's `StreamLogHandler` on standard error, word for word, except that a logger's own
/// metadata is formatted when a line is written rather than whenever it is set: the HTTP
/// server sets a request id on every request's logger, and `StreamLogHandler` formatted it
/// each time, about 5 % of the event loops' CPU on hooks, for lines almost never written.
struct TextLogHandler: LogHandler {
    private var output: StreamLogHandler
    var metadata: Logger.Metadata = [:]

    init(label: String) {
        output = StreamLogHandler.standardError(label: label)
    }

    var logLevel: Logger.Level {
        get { output.logLevel }
        set { output.logLevel = newValue }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var event = event
        // As StreamLogHandler merges its own: the line's metadata wins over the logger's.
        if !metadata.isEmpty { event.metadata = metadata.merging(event.metadata ?? [:]) { $1 } }
        output.log(event: event)
    }
}

/// One JSON object per line on standard error: time, level, label, message, metadata.
struct JSONLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var object: [String: String] = [
            "time": ISO8601DateFormatter().string(from: Date()), "level": event.level.rawValue,
            "label": label, "message": "\(event.message)",
        ]
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }) { object[key] = "\(value)" }
        guard var data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else { return }
        data.append(0x0A)
        FileHandle.standardError.write(data)
    }
}
