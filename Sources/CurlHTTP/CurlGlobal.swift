internal import CCurl

/// libcurl's process-wide setup. curl_global_init must run once before any other libcurl call
/// and, in libcurl builds without thread-safe init, must not race with itself.
enum CurlGlobal {
    /// A static let is initialised exactly once, under swift_once, on first use: that is the
    /// "once, before everything else, from one thread" guarantee curl_global_init needs.
    /// curl_global_cleanup is never called: the state lives as long as the process.
    private static let initResult: CURLcode = curl_global_init(Int(CURL_GLOBAL_ALL))

    /// Runs curl_global_init if it has not run yet; nil on success, else libcurl's message.
    static func initialize() -> String? {
        initResult == CURLE_OK ? nil : String(cString: curl_easy_strerror(initResult))
    }
}

extension Duration {
    /// Whole milliseconds for a libcurl timeout, rounded up and at least 1, because libcurl
    /// reads 0 as "no timeout at all".
    var curlTimeoutMilliseconds: Int {
        let (seconds, attoseconds) = components
        guard seconds >= 0, attoseconds >= 0 else { return 1 }
        let fromSeconds = seconds.multipliedReportingOverflow(by: 1000)
        guard !fromSeconds.overflow, fromSeconds.partialValue < Int64(Int32.max) else {
            return Int(Int32.max)
        }
        let perMillisecond: Int64 = 1_000_000_000_000_000
        let partial = (attoseconds + perMillisecond - 1) / perMillisecond
        return max(1, Int(fromSeconds.partialValue + partial))
    }
}
