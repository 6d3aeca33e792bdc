/// Which media server the sidecar runs beside: it decides the hook dialect the daemon
/// serves and the adapter behind `MediaServerControl` and `MediaServerInventory`.
public enum MediaServerKind: String, Sendable, CaseIterable {
    /// SRS: JSON hooks on `POST /hooks/srs`, its HTTP API for kicks and reconciliation.
    case srs
    /// nginx with the RTMP module: form-encoded notifications on
    /// `POST /hooks/nginx-rtmp/{event}`, its control module for kicks and its stat page for
    /// reconciliation.
    case nginxRTMP = "nginx-rtmp"
}
