import Foundation

extension ReadinessProbe {
    /// One pass: the playlist at `url`, every variant when it is a master, and the newest
    /// segment of each media playlist.
    func attempt(_ url: URL, options: ProbeOptions) async -> AttemptResult {
        var log: [FetchReport] = []
        let response: HTTPResponse
        switch await fetch(url, as: .playlist, maxBytes: options.maxPlaylistBytes, log: &log) {
        case .failure(let failure):
            return AttemptResult(checks: [], fetches: log, failure: (failure.reason, failure.message), isMaster: false)
        case .success(let success):
            response = success
        }
        let playlist: Playlist
        do {
            playlist = try parser(options).parse(response.body, baseURL: response.url)
        } catch {
            let failure = (ReadinessReason.playlistInvalid, "playlist \(response.url.absoluteString): \(error)")
            return AttemptResult(checks: [], fetches: log, failure: failure, isMaster: false)
        }
        switch playlist {
        case .media(let media):
            let check = await checkMedia(media, response: response, options: options, log: &log)
            return AttemptResult(checks: [check], fetches: log, failure: nil, isMaster: false)
        case .master(let master):
            let variants = Self.variantURLs(of: master).prefix(options.maxVariants)
            guard !variants.isEmpty else {
                let failure = (ReadinessReason.noVariants, "master playlist \(response.url.absoluteString) lists no variant stream")
                return AttemptResult(checks: [], fetches: log, failure: failure, isMaster: true)
            }
            var checks: [MediaPlaylistCheck] = []
            for variant in variants {
                checks.append(await checkVariant(variant, options: options, log: &log))
            }
            return AttemptResult(checks: checks, fetches: log, failure: nil, isMaster: true)
        }
    }

    /// Fetches one variant's media playlist and checks it.
    private func checkVariant(_ url: URL, options: ProbeOptions, log: inout [FetchReport]) async -> MediaPlaylistCheck {
        let failed = { (reason: ReadinessReason, message: String) in
            MediaPlaylistCheck(url: url.absoluteString, ready: false, reason: reason, message: message, playlist: nil, segment: nil)
        }
        let response: HTTPResponse
        switch await fetch(url, as: .mediaPlaylist, maxBytes: options.maxPlaylistBytes, log: &log) {
        case .failure(let failure): return failed(failure.reason, failure.message)
        case .success(let success): response = success
        }
        do {
            switch try parser(options).parse(response.body, baseURL: response.url) {
            case .media(let media):
                return await checkMedia(media, response: response, options: options, log: &log)
            case .master:
                return failed(.playlistInvalid, "variant \(url.absoluteString) is itself a master playlist")
            }
        } catch {
            return failed(.playlistInvalid, "variant playlist \(response.url.absoluteString): \(error)")
        }
    }

    func parser(_ options: ProbeOptions) -> PlaylistParser {
        var limits = PlaylistParser.Limits.default
        limits.maxBytes = options.maxPlaylistBytes
        return PlaylistParser(limits: limits)
    }

    /// Variant URLs in playlist order (a player starts with the first), each once: masters
    /// often list one media playlist several times with different audio groups.
    static func variantURLs(of master: MasterPlaylist) -> [URL] {
        var seen = Set<String>()
        return master.variants.compactMap(\.url).filter { seen.insert($0.absoluteString).inserted }
    }
}
