import Foundation

/// Runs the mixers: one supervised process per connection that reads the host's and the
/// guest's streams and publishes their composite. The domain says what to mix; the adapter
/// (`SidecarMixer`) owns processes, restarts and health.
public protocol MixerControl: Sendable {
    /// Starts the mixer of `spec.id`, or restarts it when it runs with another spec (an input
    /// came or went). The same spec again changes nothing.
    func start(_ spec: MixerSpec) async
    /// Stops it (SIGTERM, then SIGKILL after a timeout); nothing when it does not run.
    func stop(id: String) async
    /// What the mixer is doing now; nil when it does not run.
    func status(id: String) async -> MixerStatus?
}

/// What one mixer composes. URLs carry the daemon's internal credential: never log them.
public struct MixerSpec: Sendable, Equatable {
    public var id: String
    /// Where the mixer reads the host's and the guest's streams (RTMP play URLs).
    public var hostURL: String
    public var guestURL: String
    /// Where it publishes the composite (RTMP publish URL).
    public var outputURL: String
    /// Inputs not live are replaced by a placeholder (a plain picture and silence).
    public var hostLive: Bool
    public var guestLive: Bool
    public var layout: MixLayout
    public var width: Int
    public var height: Int

    public init(
        id: String, hostURL: String, guestURL: String, outputURL: String, hostLive: Bool, guestLive: Bool,
        layout: MixLayout, width: Int, height: Int
    ) {
        self.id = id
        self.hostURL = hostURL
        self.guestURL = guestURL
        self.outputURL = outputURL
        self.hostLive = hostLive
        self.guestLive = guestLive
        self.layout = layout
        self.width = width
        self.height = height
    }
}

/// How the two pictures share the frame.
public enum MixLayout: String, Sendable, Codable, CaseIterable {
    /// Host left, guest right, each scaled into half the width.
    case sideBySide = "side-by-side"
    /// The host fills the frame, the guest in a quarter-size inset at the bottom right.
    case pictureInPicture = "pip"
}

/// A mixer's health, from its process and ffmpeg's `-progress` output.
public struct MixerStatus: Sendable, Codable, Equatable {
    public enum Phase: String, Sendable, Codable {
        /// Started; no progress report yet.
        case starting
        /// Progress reports are arriving.
        case running
        /// Exited or stalled; restarting after a backoff.
        case restarting
    }

    public var phase: Phase
    public var pid: Int32?
    /// Process starts after the first.
    public var restarts: Int
    /// Inputs currently replaced by a placeholder.
    public var placeholders: [ConnectionSide]
    /// From the latest progress report.
    public var frame: Int?
    public var fps: Double?
    public var outTimeMs: Int?
    public var lastProgressAt: Date?
    /// Why it last exited, when it did.
    public var lastExit: String?

    public init(
        phase: Phase, pid: Int32? = nil, restarts: Int = 0, placeholders: [ConnectionSide] = [], frame: Int? = nil,
        fps: Double? = nil, outTimeMs: Int? = nil, lastProgressAt: Date? = nil, lastExit: String? = nil
    ) {
        self.phase = phase
        self.pid = pid
        self.restarts = restarts
        self.placeholders = placeholders
        self.frame = frame
        self.fps = fps
        self.outTimeMs = outTimeMs
        self.lastProgressAt = lastProgressAt
        self.lastExit = lastExit
    }
}

/// A `MixerControl` that runs nothing: the domain works (connections go `mixing` and wait),
/// for tests and for a daemon without ffmpeg.
public struct NoMixer: MixerControl {
    public init() {}
    public func start(_ spec: MixerSpec) async {}
    public func stop(id: String) async {}
    public func status(id: String) async -> MixerStatus? { nil }
}
