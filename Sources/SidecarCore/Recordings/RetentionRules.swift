import Foundation

/// Limits on what is kept. Unset fields are inherited: a room's policy overrides its app's,
/// which overrides the global one, field by field.
public struct RetentionPolicy: Sendable, Equatable, Codable {
    /// Recordings that ended longer ago than this are deleted.
    public var maxAge: TimeInterval?
    /// When the recordings of the scope hold more bytes than this, the oldest go first.
    public var maxBytes: Int64?
    /// Never delete below this many recordings of a room (the newest are kept).
    public var keepMin: Int?

    public init(maxAge: TimeInterval? = nil, maxBytes: Int64? = nil, keepMin: Int? = nil) {
        self.maxAge = maxAge
        self.maxBytes = maxBytes
        self.keepMin = keepMin
    }

    public var isEmpty: Bool { maxAge == nil && maxBytes == nil && keepMin == nil }

    /// `self`'s fields where set, `base`'s otherwise.
    func over(_ base: RetentionPolicy) -> RetentionPolicy {
        RetentionPolicy(maxAge: maxAge ?? base.maxAge, maxBytes: maxBytes ?? base.maxBytes, keepMin: keepMin ?? base.keepMin)
    }
}

/// The retention policies: one global, and one per app or per room where configured.
public struct RetentionRules: Sendable, Equatable {
    public var global: RetentionPolicy
    public var apps: [String: RetentionPolicy]
    public var rooms: [String: RetentionPolicy]

    public init(global: RetentionPolicy = RetentionPolicy(), apps: [String: RetentionPolicy] = [:], rooms: [String: RetentionPolicy] = [:]) {
        self.global = global
        self.apps = apps
        self.rooms = rooms
    }

    /// Whether any rule can delete anything (keep-min alone never does).
    public var deletesAnything: Bool {
        ([global] + Array(apps.values) + Array(rooms.values)).contains { $0.maxAge != nil || $0.maxBytes != nil }
    }

    /// The age and keep-min that apply to one recording (byte caps apply per scope instead).
    public func effective(app: String, roomId: String?) -> RetentionPolicy {
        var policy = global
        if let app = apps[app] { policy = app.over(policy) }
        if let roomId, let room = rooms[roomId] { policy = room.over(policy) }
        return policy
    }
}
