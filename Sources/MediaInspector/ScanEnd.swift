/// Why the packet pass stopped. Only ``endOfInput`` means every packet was seen.
///
/// A struct rather than an enum so that reasons can be added without breaking callers.
public struct ScanEnd: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    /// The demuxer reached the end of the input.
    public static let endOfInput = ScanEnd(rawValue: "endOfInput")
    /// ``InspectOptions/maxPackets`` was reached.
    public static let packetLimit = ScanEnd(rawValue: "packetLimit")
    /// ``InspectOptions/maxScanDuration`` of media was read.
    public static let durationLimit = ScanEnd(rawValue: "durationLimit")
    /// ``InspectOptions/timeout`` passed during the pass.
    public static let timedOut = ScanEnd(rawValue: "timedOut")
    /// The demuxer failed before the end (truncated or damaged input); see ``MediaInfo/scanError``.
    public static let readError = ScanEnd(rawValue: "readError")

    public var description: String { rawValue }
}
