extension SidecarSettings {
    /// One line listing every setting as `key=value`, safe to log at startup.
    ///
    /// Secrets print as `***` when set (and `(unset)` when not, so an operator can still see
    /// whether e.g. signed tokens are enabled). `storage.database` keeps the path or host
    /// visible but replaces the password of a URL with `***`.
    public var redactedDescription: String {
        fields.map { key, value in
            let shown: String
            if let value {
                if key == .database {
                    shown = Self.maskingPassword(in: value)
                } else {
                    shown = key.isSecret ? "***" : value
                }
            } else {
                shown = "(unset)"
            }
            return "\(key.name)=\(shown)"
        }
        .joined(separator: " ")
    }

    /// Every setting as its display text (nil when unset), in ``SettingKey/all`` order.
    /// Unredacted: only ``redactedDescription`` may print it.
    var fields: [(SettingKey, String?)] {
        func list(_ values: [String]) -> String { "[" + values.joined(separator: ",") + "]" }
        return [
            (.httpHost, host), (.httpPort, String(port)), (.httpExecutor, httpExecutor),
            (.dataDir, dataDir), (.database, database), (.sqliteSynchronous, sqliteSynchronous),
            (.apiToken, apiToken),
            (.srsAPI, srsAPI), (.hlsBase, hlsBase), (.rtmpBase, rtmpBase), (.app, app),
            (.mediaServer, mediaServer),
            (.nginxControl, nginxControl), (.nginxStat, nginxStat),
            (.tokenSecret, tokenSecret),
            (.hookAllow, list(hookAllow)), (.hookSecret, hookSecret),
            (.nodeId, nodeId),
            (.logLevel, logLevel), (.logFormat, logFormat),
            (.readinessAttempts, String(readinessAttempts)),
            (.readinessInterval, Self.seconds(readinessInterval)),
            (.readinessRecheckInterval, Self.seconds(readinessRecheckInterval)),
            (.viewersFlushInterval, Self.seconds(viewersFlushInterval)),
            (.shutdownGrace, Self.seconds(shutdownGrace)),
            (.webhookURLs, list(webhookURLs)), (.webhookSecret, webhookSecret),
            (.webhookTimeout, Self.seconds(webhookTimeout)), (.webhookMaxAge, Self.seconds(webhookMaxAge)),
            (.reconcileInterval, Self.seconds(reconcileInterval)),
            (.reconnectWindow, Self.seconds(reconnectWindow)),
            (.recordingsRoots, list(recordingsRoots)), (.recordingsRetention, list(recordingsRetention)),
            (.recordingsRetentionInterval, Self.seconds(recordingsRetentionInterval)),
            (.recordingsWriteGuard, Self.seconds(recordingsWriteGuard)), (.recordingsRemuxMP4, list(recordingsRemuxMP4)),
            (.connectionsPendingTimeout, Self.seconds(connectionsPendingTimeout)),
            (.connectionsGrace, Self.seconds(connectionsGrace)),
            (.connectionsLayout, connectionsLayout), (.connectionsSize, connectionsSize),
            (.connectionsFFmpeg, connectionsFFmpeg), (.connectionsSourceBase, connectionsSourceBase),
        ]
    }

    /// Prints 3 rather than 3.0, the way the example file and operators write whole seconds.
    static func seconds(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }

    /// `postgres://user:pw@host/db` → `postgres://user:***@host/db`; anything else unchanged.
    static func maskingPassword(in url: String) -> String {
        guard let scheme = url.range(of: "://") else { return url }
        let rest = url[scheme.upperBound...]
        let authorityEnd = rest.firstIndex(where: { "/?#".contains($0) }) ?? rest.endIndex
        guard let at = rest[..<authorityEnd].lastIndex(of: "@"),
            let colon = rest[..<at].firstIndex(of: ":")
        else { return url }
        return String(url[..<rest.index(after: colon)]) + "***" + String(url[at...])
    }
}
