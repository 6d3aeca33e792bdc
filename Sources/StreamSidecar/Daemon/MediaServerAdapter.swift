import HLSProbe
import SidecarAdapters
import SidecarConfig
import SidecarCore

/// The adapter for the configured media server (`media.server`): what kicks a publisher,
/// asks whether a client is connected, and reads the snapshot reconciliation compares with.
struct MediaServerAdapter {
    let kind: MediaServerKind
    let control: any MediaServerControl
    let inventory: any MediaServerInventory
    /// The server id hooks record on publishers when the dialect carries none (nginx-rtmp).
    let serverId: String?

    init(settings: SidecarSettings, http: CurlHTTPClient, node: String) throws {
        guard let kind = MediaServerKind(rawValue: settings.mediaServer) else {
            throw DaemonError(description: "media.server: '\(settings.mediaServer)' is not srs or nginx-rtmp")
        }
        self.kind = kind
        switch kind {
        case .srs:
            let srs = SRSControl(http: http, apiBase: settings.srsAPI)
            (control, inventory, serverId) = (srs, srs, nil)
        case .nginxRTMP:
            // nginx has no id of its own that survives a restart; each daemon runs beside its
            // own nginx, so the node id names it (several daemons on one store each judge
            // only the rooms that went live on their own nginx).
            let id = "nginx-rtmp@\(node)"
            let nginx = NginxRTMPControl(
                http: http, controlURL: settings.nginxControl, statURL: settings.nginxStat, app: settings.app, serverId: id)
            (control, inventory, serverId) = (nginx, nginx, id)
        }
    }
}
