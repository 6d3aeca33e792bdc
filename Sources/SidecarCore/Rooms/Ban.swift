import Foundation

/// A banned user cannot publish until the ban is lifted or expires.
public struct Ban: Sendable, Equatable, Codable {
    public var owner: String
    public var reason: String
    /// nil: until lifted.
    public var until: Date?
    public var createdAt: Date

    public init(owner: String, reason: String, until: Date?, createdAt: Date) {
        self.owner = owner
        self.reason = reason
        self.until = until
        self.createdAt = createdAt
    }

    public func isActive(at now: Date) -> Bool {
        until.map { $0 > now } ?? true
    }
}
