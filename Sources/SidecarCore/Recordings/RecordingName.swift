import Foundation

/// What a recording's file name says, following SRS's `dvr_path` convention
/// `[stream].[timestamp].flv`, where `[timestamp]` is Unix milliseconds when the file was
/// opened (right after `on_publish` was allowed). nginx-rtmp's `record_unique` names
/// (`<name>-<unix seconds>.flv`) are understood too.
public struct RecordingName: Sendable, Equatable {
    public var stream: String
    public var startedAt: Date?
    /// `flv`, `mp4`, `ts` (lower case), after a `.tmp` suffix is removed.
    public var fileExtension: String
    /// The name ended in `.tmp`: SRS was still writing it (or died while it did).
    public var isTemporary: Bool

    /// Extensions of files the recordings module indexes.
    public static let mediaExtensions: Set<String> = ["flv", "mp4", "ts", "m4a", "mkv"]

    public init?(fileName: String) {
        var name = Substring(fileName)
        isTemporary = name.hasSuffix(".tmp")
        if isTemporary { name = name.dropLast(4) }
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
        fileExtension = name[name.index(after: dot)...].lowercased()
        let base = name[..<dot]
        stream = String(base)
        startedAt = nil
        if let stamp = base.lastIndex(of: "."), stamp != base.startIndex {
            let digits = base[base.index(after: stamp)...]
            if (10...16).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int64(digits) {
                stream = String(base[..<stamp])
                // 13 digits and more: milliseconds (SRS); fewer: seconds.
                startedAt = Date(timeIntervalSince1970: digits.count >= 13 ? Double(value) / 1000 : Double(value))
            }
        } else if let dash = base.lastIndex(of: "-"), dash != base.startIndex {
            let digits = base[base.index(after: dash)...]
            if digits.count == 10, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int64(digits) {
                stream = String(base[..<dash])
                startedAt = Date(timeIntervalSince1970: Double(value))
            }
        }
    }

    public var isMedia: Bool { Self.mediaExtensions.contains(fileExtension) }

    /// The HTTP content type a player expects for a recording with this extension.
    public static func contentType(forExtension ext: String) -> String {
        switch ext.lowercased() {
        case "flv": "video/x-flv"
        case "mp4": "video/mp4"
        case "m4a": "audio/mp4"
        case "ts": "video/mp2t"
        case "mkv": "video/x-matroska"
        default: "application/octet-stream"
        }
    }
}
