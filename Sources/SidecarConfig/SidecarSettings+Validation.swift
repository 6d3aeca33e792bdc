import Foundation

extension SidecarSettings {
    /// Accepted `log.level` values, as swift-log names them.
    public static let logLevels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]
    /// Accepted `media.server` values.
    public static let mediaServers = ["srs", "nginx-rtmp"]
    /// Accepted `http.executor` values.
    public static let httpExecutors = ["event-loop", "swift"]
    /// Accepted `log.format` values.
    public static let logFormats = ["text", "json"]
    /// Accepted `storage.sqlite-synchronous` values; `off` is left out on purpose (it risks
    /// corrupting the database on power loss, which a daemon should not offer).
    public static let sqliteSynchronousModes = ["normal", "full"]
    /// Accepted `connections.layout` values.
    public static let connectionLayouts = ["side-by-side", "pip"]

    /// Throws the first problem found, as a ``SettingsError`` naming the key.
    ///
    /// ``SettingsLoader`` calls this and adds where the value came from; call it yourself only
    /// when building settings in code.
    public func validate() throws(SettingsError) {
        if let problem = problems().first {
            throw SettingsError(key: problem.key.name, message: problem.message)
        }
    }

    /// Every problem, in ``SettingKey/all`` order; empty when the settings are usable.
    func problems() -> [(key: SettingKey, message: String)] {
        var found: [(key: SettingKey, message: String)] = []
        func check(_ key: SettingKey, _ problem: String?) {
            if let problem { found.append((key, problem)) }
        }
        check(.httpHost, host.isEmpty ? "must not be empty" : nil)
        check(.httpPort, (1...65535).contains(port) ? nil : "\(port) is not a valid port, expected 1...65535")
        check(.httpExecutor, Self.oneOf(Self.httpExecutors, httpExecutor))
        check(.dataDir, dataDir.isEmpty ? "must not be empty" : nil)
        check(.database, database.isEmpty ? "must not be empty" : nil)
        check(.sqliteSynchronous, Self.oneOf(Self.sqliteSynchronousModes, sqliteSynchronous))
        check(.srsAPI, Self.urlProblem(srsAPI, schemes: ["http", "https"]))
        check(.hlsBase, Self.urlProblem(hlsBase, schemes: ["http", "https"]))
        check(.rtmpBase, Self.urlProblem(rtmpBase, schemes: ["rtmp", "rtmps"]))
        check(.app, app.isEmpty || app.contains("/") ? "'\(app)' is not a valid SRS app name" : nil)
        check(.mediaServer, Self.oneOf(Self.mediaServers, mediaServer))
        check(.nginxControl, Self.urlProblem(nginxControl, schemes: ["http", "https"]))
        check(.nginxStat, Self.urlProblem(nginxStat, schemes: ["http", "https"]))
        for block in hookAllow where !CIDR.isValid(block) {
            check(.hookAllow, "'\(block)' is not a valid CIDR block (like 10.0.0.0/8 or ::1/128)")
        }
        check(.logLevel, Self.oneOf(Self.logLevels, logLevel))
        check(.logFormat, Self.oneOf(Self.logFormats, logFormat))
        check(.readinessAttempts, readinessAttempts >= 1 ? nil : "\(readinessAttempts) is not a valid count, expected 1 or more")
        check(.readinessInterval, Self.durationProblem(readinessInterval))
        check(.readinessRecheckInterval, Self.durationProblem(readinessRecheckInterval))
        check(.viewersFlushInterval, Self.durationProblem(viewersFlushInterval))
        check(.shutdownGrace, Self.durationProblem(shutdownGrace))
        for url in webhookURLs {
            check(.webhookURLs, Self.urlProblem(url, schemes: ["http", "https"]))
        }
        // The secret itself is never echoed; its decoding is checked when webhooks start.
        check(.webhookSecret, webhookSecret.map { $0.hasPrefix("whsec_") ? nil : "must have the form whsec_<base64>" } ?? nil)
        check(.webhookTimeout, webhookTimeout > 0 && webhookTimeout.isFinite ? nil : "\(Self.seconds(webhookTimeout)) is not a valid timeout, expected seconds > 0")
        check(.webhookMaxAge, Self.durationProblem(webhookMaxAge))
        check(.reconcileInterval, Self.durationProblem(reconcileInterval))
        check(.reconnectWindow, Self.durationProblem(reconnectWindow))
        for root in recordingsRoots where !root.hasPrefix("/") || root.split(separator: "/").contains("..") {
            check(.recordingsRoots, "'\(root)' is not an absolute path without '..'")
        }
        var scopes = Set<String>()
        for rule in recordingsRetention {
            do {
                let parsed = try RetentionRuleSetting.parse(rule)
                if !scopes.insert(parsed.scope.description).inserted {
                    check(.recordingsRetention, "'\(rule)': \(parsed.scope) has more than one rule")
                }
            } catch {
                check(.recordingsRetention, "'\(rule)': \(error.message)")
            }
        }
        check(.recordingsRetentionInterval, Self.durationProblem(recordingsRetentionInterval))
        check(.recordingsWriteGuard, Self.durationProblem(recordingsWriteGuard))
        for app in recordingsRemuxMP4 where app.isEmpty || app.contains("/") {
            check(.recordingsRemuxMP4, "'\(app)' is not a valid app name")
        }
        check(.connectionsPendingTimeout, connectionsPendingTimeout > 0 && connectionsPendingTimeout.isFinite
            ? nil : "\(Self.seconds(connectionsPendingTimeout)) is not a valid timeout, expected seconds > 0")
        check(.connectionsGrace, Self.durationProblem(connectionsGrace))
        check(.connectionsLayout, Self.oneOf(Self.connectionLayouts, connectionsLayout))
        check(.connectionsSize, connectionsDimensions == nil
            ? "'\(connectionsSize)' is not <width>x<height> with even numbers from 64 to 4096 (like 1280x720)" : nil)
        check(.connectionsFFmpeg, connectionsFFmpeg.isEmpty ? "must not be empty" : nil)
        if let base = connectionsSourceBase {
            check(.connectionsSourceBase, Self.urlProblem(base, schemes: ["rtmp", "rtmps"]))
        }
        return found
    }

    private static func oneOf(_ allowed: [String], _ value: String) -> String? {
        allowed.contains(value) ? nil : "'\(value)' is not one of \(allowed.joined(separator: "|"))"
    }

    /// Durations are seconds; zero is allowed (it means "no wait"), negatives and NaN are not.
    private static func durationProblem(_ seconds: Double) -> String? {
        seconds.isFinite && seconds >= 0 ? nil : "\(Self.seconds(seconds)) is not a valid duration, expected seconds >= 0"
    }

    /// An absolute URL with one of `schemes` and a host; the message names the schemes.
    private static func urlProblem(_ text: String, schemes: [String]) -> String? {
        if let url = URLComponents(string: text), let scheme = url.scheme?.lowercased(),
            schemes.contains(scheme), let host = url.host, !host.isEmpty
        {
            return nil
        }
        let expected = schemes.map { "\($0)://" }.joined(separator: " or ")
        return "'\(text)' is not a valid \(expected) URL"
    }
}
