internal import CCurl
import Foundation

extension HTTPFetchError {
    /// Maps a libcurl result to our codes; the message keeps libcurl's own words.
    init(
        curlCode: CURLcode, detail: String, bodyLimitHit: Bool, maxBodyBytes: Int, url: String,
        timings: FetchTimings?
    ) {
        let summary = String(cString: curl_easy_strerror(curlCode))
        var message = "curl error \(curlCode.rawValue): \(summary)"
        if !detail.isEmpty, detail != summary { message += ": \(detail)" }
        let code: Code
        switch curlCode {
        case CURLE_UNSUPPORTED_PROTOCOL: code = .unsupportedScheme
        case CURLE_URL_MALFORMAT: code = .invalidURL
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY: code = .couldNotResolve
        case CURLE_COULDNT_CONNECT: code = .couldNotConnect
        case CURLE_OPERATION_TIMEDOUT: code = .timedOut
        case CURLE_TOO_MANY_REDIRECTS: code = .tooManyRedirects
        case CURLE_FILESIZE_EXCEEDED: code = .bodyTooLarge
        case CURLE_WRITE_ERROR where bodyLimitHit: code = .bodyTooLarge
        default: code = .transfer
        }
        if code == .bodyTooLarge { message = "body exceeds \(maxBodyBytes) bytes (\(message))" }
        self.init(code: code, message: message, url: url, timings: timings)
    }
}
