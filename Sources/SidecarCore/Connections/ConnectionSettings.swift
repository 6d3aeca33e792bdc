import Foundation

/// How connections behave (`connections.*` settings).
public struct ConnectionSettings: Sendable, Equatable {
    /// How long a requested connection waits for the guest's publish.
    public var pendingTimeout: Duration
    /// How long a side (host, guest, or the mixer's output) may be gone before it counts:
    /// the connection ends (host, guest) or viewers go back to the host (the mix).
    public var grace: Duration
    public var layout: MixLayout
    /// The composite's size; even numbers.
    public var width: Int
    public var height: Int
    /// Where the mixer reads the inputs and publishes the mix: `rtmp://host[:port]/<app>`.
    /// nil: the media settings' RTMP base.
    public var sourceBase: String?
    /// How often the mix's HLS is probed until it is playable.
    public var watchInterval: Duration

    public init(
        pendingTimeout: Duration = .seconds(60), grace: Duration = .seconds(10), layout: MixLayout = .sideBySide,
        width: Int = 1280, height: Int = 720, sourceBase: String? = nil, watchInterval: Duration = .seconds(1)
    ) {
        self.pendingTimeout = pendingTimeout
        self.grace = grace
        self.layout = layout
        self.width = width
        self.height = height
        self.sourceBase = sourceBase.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        self.watchInterval = watchInterval
    }
}
