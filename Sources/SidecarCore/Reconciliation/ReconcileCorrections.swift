import Foundation

/// What a comparison of our state with the media server's says must change.
public struct ReconcileCorrections: Sendable, Equatable {
    /// A live room whose publisher the media server no longer has: the room becomes idle.
    public struct GonePublisher: Sendable, Equatable {
        public var roomId: String
        public var clientId: String
        /// The publish session that ended; the correction applies only to that session.
        public var sessionId: String

        public init(roomId: String, clientId: String, sessionId: String) {
            self.roomId = roomId
            self.clientId = clientId
            self.sessionId = sessionId
        }
    }

    /// A client publishing in our app that no room accepted: it is kicked.
    public struct UnacceptedPublisher: Sendable, Equatable {
        public var liveId: String
        public var clientId: String

        public init(liveId: String, clientId: String) {
            self.liveId = liveId
            self.clientId = clientId
        }
    }

    public var idle: [GonePublisher]
    public var kick: [UnacceptedPublisher]
    /// Viewer sessions the media server no longer has (their `on_stop` was lost).
    public var viewers: [ViewerSession]

    public init(idle: [GonePublisher] = [], kick: [UnacceptedPublisher] = [], viewers: [ViewerSession] = []) {
        self.idle = idle
        self.kick = kick
        self.viewers = viewers
    }

    public var isEmpty: Bool { idle.isEmpty && kick.isEmpty && viewers.isEmpty }
}
