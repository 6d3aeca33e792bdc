internal import CCurl
internal import CCurlShims
import Foundation

/// One transfer in flight: a borrowed easy handle plus the buffers its callbacks fill.
///
/// Used only on the loop thread. The worker's table of active transfers owns it while libcurl
/// runs it; the callbacks reach it through an unretained pointer (CURLOPT_WRITEDATA/HEADERDATA).
/// That is sound because the worker keeps the transfer alive until the easy handle has left the
/// multi handle and been reset, after which libcurl can no longer call back.
final class CurlTransfer {
    let job: CurlJob
    let easy: UnsafeMutableRawPointer
    private var request: CurlRequest { job.request }
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private var body: [UInt8] = []
    private var headers = HTTPHeaderFields()
    private var bodyLimitHit = false

    init(job: CurlJob, easy: UnsafeMutableRawPointer) {
        self.job = job
        self.easy = easy
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
    }

    /// Runs after the loop has reset the easy handle, so libcurl no longer points at these.
    deinit {
        curl_slist_free_all(headerList)
        errorBuffer.deallocate()
    }

    /// Sets every option on the (freshly reset) easy handle; the first failure wins.
    func configure() -> CURLcode {
        var result = CURLE_OK
        func set(_ code: CURLcode) { if result == CURLE_OK { result = code } }
        let this = Unmanaged.passUnretained(self).toOpaque()

        set(sc_easy_setopt_string(easy, CURLOPT_URL, request.url.absoluteString))
        switch request.method {
        case "GET": break  // the default after curl_easy_reset
        case "HEAD": set(sc_easy_setopt_long(easy, CURLOPT_NOBODY, 1))
        default: set(sc_easy_setopt_string(easy, CURLOPT_CUSTOMREQUEST, request.method))
        }
        // Only HTTP(S), for the first request and for every redirect: a playlist URL or a
        // Location header must never make us read file:// or talk to another protocol.
        set(sc_easy_setopt_string(easy, CURLOPT_PROTOCOLS_STR, "http,https"))
        set(sc_easy_setopt_string(easy, CURLOPT_REDIR_PROTOCOLS_STR, "http,https"))
        set(sc_easy_setopt_long(easy, CURLOPT_FOLLOWLOCATION, 1))
        set(sc_easy_setopt_long(easy, CURLOPT_MAXREDIRS, request.maxRedirects))
        // Timeouts via signals are not thread-safe; the multi loop enforces them instead.
        set(sc_easy_setopt_long(easy, CURLOPT_NOSIGNAL, 1))
        set(sc_easy_setopt_long(easy, CURLOPT_CONNECTTIMEOUT_MS, request.connectTimeoutMilliseconds))
        set(sc_easy_setopt_long(easy, CURLOPT_TIMEOUT_MS, request.totalTimeoutMilliseconds))
        // Refuses up front when Content-Length is known; the write callback covers the rest.
        set(sc_easy_setopt_off_t(easy, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(request.maxBodyBytes)))
        set(sc_easy_setopt_string(easy, CURLOPT_USERAGENT, request.userAgent))
        set(sc_easy_setopt_pointer(easy, CURLOPT_ERRORBUFFER, errorBuffer))
        // CURLOPT_ACCEPT_ENCODING stays unset: we want the bytes exactly as served.

        if let body = request.body {
            // Size first: COPYPOSTFIELDS then copies exactly that many bytes (NULs included).
            set(sc_easy_setopt_off_t(easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count)))
            body.withUnsafeBytes { bytes in
                if let start = bytes.baseAddress, !bytes.isEmpty {
                    set(sc_easy_setopt_pointer(easy, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: start)))
                } else {
                    set(sc_easy_setopt_string(easy, CURLOPT_COPYPOSTFIELDS, ""))
                }
            }
            // A receiver that ignores `Expect: 100-continue` would stall every body over 1 KiB.
            guard let list = curl_slist_append(headerList, "Expect:") else { return CURLE_OUT_OF_MEMORY }
            headerList = list
        }
        for line in request.headerLines {
            guard let list = curl_slist_append(headerList, line) else { return CURLE_OUT_OF_MEMORY }
            headerList = list
        }
        if let headerList { set(sc_easy_setopt_slist(easy, CURLOPT_HTTPHEADER, headerList)) }

        set(sc_easy_setopt_write_callback(easy) { data, size, count, userdata in
            guard let userdata else { return 0 }
            let bytes = UnsafeRawBufferPointer(start: data, count: size * count)
            return Unmanaged<CurlTransfer>.fromOpaque(userdata).takeUnretainedValue().receiveBody(bytes)
        })
        set(sc_easy_setopt_pointer(easy, CURLOPT_WRITEDATA, this))
        set(sc_easy_setopt_header_callback(easy) { data, size, count, userdata in
            guard let userdata else { return 0 }
            let bytes = UnsafeRawBufferPointer(start: data, count: size * count)
            return Unmanaged<CurlTransfer>.fromOpaque(userdata).takeUnretainedValue().receiveHeader(bytes)
        })
        set(sc_easy_setopt_pointer(easy, CURLOPT_HEADERDATA, this))
        return result
    }

    /// Returning less than `bytes.count` makes libcurl stop with CURLE_WRITE_ERROR.
    private func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Int {
        guard body.count + bytes.count <= request.maxBodyBytes else {
            bodyLimitHit = true
            return 0
        }
        body.append(contentsOf: bytes)
        return bytes.count
    }

    /// libcurl hands over one complete header line per call, the status line included.
    private func receiveHeader(_ bytes: UnsafeRawBufferPointer) -> Int {
        var line = Substring(String(decoding: bytes, as: UTF8.self))
        // "\r\n" is a single Character in Swift, hence isNewline rather than comparing to "\r".
        while let last = line.last, last.isNewline { line.removeLast() }
        if line.hasPrefix("HTTP/") {
            // A new response starts (first one, a redirect hop, or a 1xx): only the final
            // response's headers and body are reported.
            headers = HTTPHeaderFields()
            body.removeAll(keepingCapacity: true)
        } else if let first = line.first, first == " " || first == "\t" {
            headers.continueLastValue(line.trimmingCharacters(in: .whitespaces))
        } else if let colon = line.firstIndex(of: ":") {
            let name = String(line[..<colon]).trimmingCharacters(in: .whitespaces)
            let value = String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
            headers.append(name: name, value: value)
        }
        return bytes.count
    }

    /// The outcome of a finished transfer. Must run before the easy handle is reset.
    func outcome(_ code: CURLcode) -> Result<HTTPResponse, HTTPFetchError> {
        let timings = readTimings()
        guard code == CURLE_OK else {
            let detail = String(cString: errorBuffer)
            return .failure(HTTPFetchError(
                curlCode: code, detail: detail, bodyLimitHit: bodyLimitHit,
                maxBodyBytes: request.maxBodyBytes, url: request.url.absoluteString, timings: timings))
        }
        var effective: UnsafePointer<CChar>?
        let url = sc_easy_getinfo_string(easy, CURLINFO_EFFECTIVE_URL, &effective) == CURLE_OK
            ? effective.flatMap { URL(string: String(cString: $0)) } : nil
        return .success(HTTPResponse(
            status: infoLong(CURLINFO_RESPONSE_CODE), headers: headers, body: body,
            url: url ?? request.url, redirectCount: infoLong(CURLINFO_REDIRECT_COUNT), timings: timings))
    }

    private func readTimings() -> FetchTimings {
        func micros(_ info: CURLINFO) -> Duration {
            var value: curl_off_t = 0
            _ = sc_easy_getinfo_off_t(easy, info, &value)
            return .microseconds(max(0, value))
        }
        let connect = micros(CURLINFO_CONNECT_TIME_T)
        let firstByte = max(connect, micros(CURLINFO_STARTTRANSFER_TIME_T))
        let total = max(firstByte, micros(CURLINFO_TOTAL_TIME_T))
        return FetchTimings(
            connect: connect, firstByte: firstByte, total: total,
            reusedConnection: infoLong(CURLINFO_NUM_CONNECTS) == 0)
    }

    private func infoLong(_ info: CURLINFO) -> Int {
        var value = 0
        _ = sc_easy_getinfo_long(easy, info, &value)
        return value
    }
}
