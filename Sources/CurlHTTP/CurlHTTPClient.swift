import Foundation
import Logging
import Synchronization

/// An HTTP(S) GET client over libcurl's multi interface.
///
/// Each client runs one background thread that performs all of its transfers; `get` suspends
/// the calling task without blocking a thread. Transfers share one connection cache, so
/// repeated requests to a host reuse its connections. Call `shutdown()` when done (deinit does
/// it too): requests still running then fail with `.shutdown`.
public final class CurlHTTPClient: Sendable {
    public struct Configuration: Sendable {
        /// Time allowed to establish the TCP (and TLS) connection.
        public var connectTimeout: Duration
        /// Time allowed for the whole fetch, redirects and body included.
        public var totalTimeout: Duration
        /// Longest body accepted; a longer one fails with `.bodyTooLarge`.
        public var maxBodyBytes: Int
        /// Redirects followed; one more fails with `.tooManyRedirects` (0: any redirect fails).
        public var maxRedirects: Int
        /// Idle connections kept open for reuse (CURLMOPT_MAXCONNECTS).
        public var maxConnections: Int
        public var userAgent: String

        public init(
            connectTimeout: Duration = .seconds(2),
            totalTimeout: Duration = .seconds(5),
            maxBodyBytes: Int = 16 << 20,
            maxRedirects: Int = 3,
            maxConnections: Int = 32,
            userAgent: String = "stream-sidecar"
        ) {
            self.connectTimeout = connectTimeout
            self.totalTimeout = totalTimeout
            self.maxBodyBytes = maxBodyBytes
            self.maxRedirects = maxRedirects
            self.maxConnections = maxConnections
            self.userAgent = userAgent
        }
    }

    public let configuration: Configuration
    private let loop: CurlMultiLoop
    private let nextID = Atomic<UInt64>(0)

    public init(configuration: Configuration = .init(), logger: Logger = Logger(label: "curl-http")) {
        self.configuration = configuration
        loop = CurlMultiLoop(maxConnections: max(1, configuration.maxConnections), logger: logger)
    }

    deinit { loop.shutdown() }

    /// Fetches `url` with GET. Any HTTP status is returned as a response; only a failure to
    /// get one throws.
    ///
    /// - Parameters:
    ///   - headers: extra request headers, sent as given.
    ///   - totalTimeout: overrides `configuration.totalTimeout` for this request.
    ///   - maxBodyBytes: overrides `configuration.maxBodyBytes` for this request.
    public func get(
        _ url: URL,
        headers: [(String, String)] = [],
        totalTimeout: Duration? = nil,
        maxBodyBytes: Int? = nil
    ) async throws(HTTPFetchError) -> HTTPResponse {
        try await send("GET", url, headers: headers, totalTimeout: totalTimeout, maxBodyBytes: maxBodyBytes)
    }

    /// Like `get`, with another method ("HEAD", "DELETE", "POST", ...), for control APIs and
    /// webhooks. A redirect is followed with the same method (and body).
    ///
    /// - Parameter body: the request body, sent with its `Content-Length`; nil sends none.
    public func send(
        _ method: String,
        _ url: URL,
        headers: [(String, String)] = [],
        body: [UInt8]? = nil,
        totalTimeout: Duration? = nil,
        maxBodyBytes: Int? = nil
    ) async throws(HTTPFetchError) -> HTTPResponse {
        // Checked here as well as by libcurl's protocol list, so that no other scheme ever
        // reaches libcurl.
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
            throw HTTPFetchError(
                code: .unsupportedScheme, message: "only http and https URLs can be fetched",
                url: url.absoluteString)
        }
        guard !method.isEmpty, method.utf8.allSatisfy(Self.isTokenByte) else {
            throw HTTPFetchError(code: .invalidRequest, message: "invalid method \"\(method)\"", url: url.absoluteString)
        }
        let request = CurlRequest(
            id: nextID.wrappingAdd(1, ordering: .relaxed).newValue, method: method, url: url,
            headerLines: try Self.headerLines(headers, url: url),
            connectTimeoutMilliseconds: configuration.connectTimeout.curlTimeoutMilliseconds,
            totalTimeoutMilliseconds: (totalTimeout ?? configuration.totalTimeout).curlTimeoutMilliseconds,
            maxBodyBytes: max(0, maxBodyBytes ?? configuration.maxBodyBytes),
            maxRedirects: max(0, configuration.maxRedirects), userAgent: configuration.userAgent, body: body)
        let loop = self.loop
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                loop.submit(CurlJob(request: request, completion: continuation))
            }
        } onCancel: {
            loop.cancel(request.id)
        }
        return try result.get()
    }

    /// Idempotent; does not wait. In-flight and later requests fail with `.shutdown`, and the
    /// loop thread frees every libcurl handle before it exits.
    public func shutdown() {
        loop.shutdown()
    }

    /// "Name: value" lines for CURLOPT_HTTPHEADER. A line break would let a value smuggle in
    /// extra headers and a NUL would cut the C string, so both are refused.
    private static func headerLines(_ headers: [(String, String)], url: URL) throws(HTTPFetchError) -> [String] {
        try headers.map { (name, value) throws(HTTPFetchError) -> String in
            let invalid = name.isEmpty || !name.utf8.allSatisfy(isTokenByte) || value.contains(where: \.isNewline)
                || value.utf8.contains(0)
            guard !invalid else {
                throw HTTPFetchError(
                    code: .invalidRequest, message: "invalid request header \"\(name)\"", url: url.absoluteString)
            }
            // libcurl reads "Name:" as "remove this header" and "Name;" as "send it empty".
            return value.isEmpty ? "\(name);" : "\(name): \(value)"
        }
    }

    /// RFC 9110 token characters, for methods and header names.
    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }
}
