import Foundation

/// A fetch that went wrong, already translated into the probe's vocabulary.
struct FetchFailure: Error {
    var reason: ReadinessReason
    var message: String
}

extension ReadinessProbe {
    /// Fetches `url`, records the fetch in `log`, and maps every way it can fail (transport
    /// error, non-2xx status) to the reason code of the resource being fetched.
    func fetch(
        _ url: URL,
        as resource: FetchReport.Resource,
        maxBytes: Int,
        range: ClosedRange<Int>? = nil,
        log: inout [FetchReport]
    ) async -> Result<HTTPResponse, FetchFailure> {
        var headers: [(String, String)] = []
        if let range { headers.append(("Range", "bytes=\(range.lowerBound)-\(range.upperBound)")) }
        let name = resource == .segment || resource == .initSection ? "segment" : "playlist"
        do {
            let response = try await http.get(url, headers: headers, maxBodyBytes: maxBytes)
            log.append(FetchReport(response: response, resource: resource))
            switch response.status {
            case 200..<300:
                return .success(response)
            case 404, 410:
                return .failure(FetchFailure(
                    reason: resource.notFound, message: "\(name) \(url.absoluteString) answered \(response.status)"))
            default:
                return .failure(FetchFailure(
                    reason: resource.httpError, message: "\(name) \(url.absoluteString) answered \(response.status)"))
            }
        } catch {
            log.append(FetchReport(error: error, url: url, resource: resource))
            return .failure(FetchFailure(reason: resource.reason(for: error), message: "\(name): \(error.description)"))
        }
    }
}

extension FetchReport.Resource {
    fileprivate var isPlaylist: Bool { self == .playlist || self == .mediaPlaylist }
    fileprivate var notFound: ReadinessReason { isPlaylist ? .playlistNotFound : .segmentNotFound }
    fileprivate var httpError: ReadinessReason { isPlaylist ? .playlistHTTPError : .segmentHTTPError }

    fileprivate func reason(for error: HTTPFetchError) -> ReadinessReason {
        switch error.code {
        case .timedOut: return isPlaylist ? .playlistTimeout : .segmentTimeout
        case .bodyTooLarge: return isPlaylist ? .playlistTooLarge : .segmentTooLarge
        case .cancelled, .shutdown: return .cancelled
        case .invalidURL, .unsupportedScheme: return self == .playlist ? .invalidURL : (isPlaylist ? .playlistUnreachable : .segmentUnreachable)
        default: return isPlaylist ? .playlistUnreachable : .segmentUnreachable
        }
    }
}

extension FetchReport {
    init(response: HTTPResponse, resource: Resource) {
        self.init(
            resource: resource, url: response.url.absoluteString, status: response.status,
            bytes: response.body.count, connect: response.timings.connect.seconds,
            firstByte: response.timings.firstByte.seconds, total: response.timings.total.seconds,
            reusedConnection: response.timings.reusedConnection, error: nil
        )
    }

    init(error: HTTPFetchError, url: URL, resource: Resource) {
        self.init(
            resource: resource, url: url.absoluteString, status: nil, bytes: nil,
            connect: error.timings?.connect.seconds, firstByte: error.timings?.firstByte.seconds,
            total: error.timings?.total.seconds, reusedConnection: nil, error: error.description
        )
    }
}
