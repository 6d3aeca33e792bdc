/// A domain error the API layer maps to an HTTP status. Codes can grow without breaking
/// callers; only the HTTP layer switches on them.
public struct SidecarError: Error, CustomStringConvertible, Sendable, Equatable {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String { case notFound, invalidInput, conflict, unavailable, forbidden }
        private let base: Base
        public static let notFound = Code(base: .notFound)
        public static let invalidInput = Code(base: .invalidInput)
        public static let conflict = Code(base: .conflict)
        public static let unavailable = Code(base: .unavailable)
        /// Refused for who asked (a banned user).
        public static let forbidden = Code(base: .forbidden)
        public var description: String { base.rawValue }
    }

    public let code: Code
    public let message: String
    /// For a conflict: the id of the thing that is in the way (the owner's existing room).
    public let conflictingId: String?

    public init(_ code: Code, _ message: String, conflictingId: String? = nil) {
        self.code = code
        self.message = message
        self.conflictingId = conflictingId
    }

    public var description: String { message }
}
