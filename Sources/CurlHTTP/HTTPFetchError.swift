/// Why a fetch produced no HTTP response.
public struct HTTPFetchError: Error, CustomStringConvertible, Sendable {
    /// What kind of failure; compare with the static members (`error.code == .timedOut`).
    /// A struct rather than an enum so that codes can be added without breaking exhaustive switches.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case invalidURL, invalidRequest, unsupportedScheme, couldNotResolve, couldNotConnect
            case timedOut, bodyTooLarge, tooManyRedirects, cancelled, shutdown, transfer
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The URL could not be parsed.
        public static let invalidURL = Code(.invalidURL)
        /// A request header was not valid (for example it contained a line break).
        public static let invalidRequest = Code(.invalidRequest)
        /// The URL, or a redirect target, is not http or https.
        public static let unsupportedScheme = Code(.unsupportedScheme)
        public static let couldNotResolve = Code(.couldNotResolve)
        public static let couldNotConnect = Code(.couldNotConnect)
        /// The connect timeout or the total timeout ran out.
        public static let timedOut = Code(.timedOut)
        /// The body was longer than the allowed maximum.
        public static let bodyTooLarge = Code(.bodyTooLarge)
        public static let tooManyRedirects = Code(.tooManyRedirects)
        /// The calling task was cancelled.
        public static let cancelled = Code(.cancelled)
        /// The client was shut down before the fetch completed.
        public static let shutdown = Code(.shutdown)
        /// Any other transfer failure (connection reset, protocol error, TLS failure, ...).
        public static let transfer = Code(.transfer)

        public var description: String { base.rawValue }
    }

    public let code: Code
    public let message: String
    /// The URL that was requested.
    public let url: String
    /// Timings up to the failure, when libcurl got far enough to measure them.
    public let timings: FetchTimings?

    public init(code: Code, message: String, url: String, timings: FetchTimings? = nil) {
        self.code = code
        self.message = message
        self.url = url
        self.timings = timings
    }

    public var description: String { "\(code): \(message) (\(url))" }
}
