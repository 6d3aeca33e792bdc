import Foundation
import Logging

/// Brings our state in line with the media server's, at start and on an interval.
///
/// SRS never retries a hook and ignores a failed end hook, and a SIGTERM'd SRS sends none,
/// so `on_unpublish` / `on_stop` can be lost: a room would stay live and a viewer counted
/// forever. Each pass compares the live rooms and this node's viewers with SRS's streams and
/// clients (`Reconciler`), then makes gone publishers' rooms idle (`room.idle` marked
/// `reconciled`), kicks publishers no room accepted, and forgets gone viewers.
///
/// An actor so that passes never overlap; it remembers the previous pass's service id to
/// notice a media server restart.
public actor ReconcileService {
    public struct Settings: Sendable, Equatable {
        /// Publishers and viewers younger than this are not judged by absence (see
        /// `Reconciler.Input.settledBefore`).
        public var grace: Duration
        /// Live rooms read per store query.
        public var pageSize: Int

        public init(grace: Duration = .seconds(5), pageSize: Int = 500) {
            self.grace = grace
            self.pageSize = max(1, pageSize)
        }
    }

    public static let idleReason = "publisher gone from the media server"

    let env: SidecarEnvironment
    let inventory: any MediaServerInventory
    let readiness: ReadinessMonitor
    let viewers: ViewerRegistry
    let reconnect: ReconnectWindow
    let settings: Settings
    /// Connections' guest and mix publishers are accepted by it, not by a room.
    let connections: ConnectionService?
    private var lastServer: (serverId: String, serviceId: String)?

    public init(
        env: SidecarEnvironment, inventory: any MediaServerInventory, readiness: ReadinessMonitor, viewers: ViewerRegistry,
        reconnect: ReconnectWindow, settings: Settings = Settings(), connections: ConnectionService? = nil
    ) {
        self.connections = connections
        self.env = env
        self.inventory = inventory
        self.readiness = readiness
        self.viewers = viewers
        self.reconnect = reconnect
        self.settings = settings
    }

    /// One pass. Never throws: a failure is reported and logged, and the next pass retries.
    public func reconcile() async -> ReconcileReport {
        // Our side first: whatever we accepted before the snapshot is then in it if still there.
        let liveRooms: [Room]
        do {
            liveRooms = try await self.liveRooms()
        } catch {
            env.logger.warning("reconciliation skipped: the store did not answer", metadata: ["error": "\(error)"])
            return ReconcileReport(outcome: .storeUnavailable("\(error)"))
        }
        let sessions = viewers.allSessions()
        let reconnecting = await reconnect.waitingRoomIds
        let asked = env.now()
        let snapshot: MediaServerSnapshot
        do {
            snapshot = try await inventory.snapshot()
        } catch {
            env.logger.warning("reconciliation skipped: the media server API did not answer; retrying next interval",
                metadata: ["error": "\(error)"])
            return ReconcileReport(outcome: .mediaServerUnavailable("\(error)"))
        }

        var report = ReconcileReport(outcome: .completed)
        report.restartDetected = noticeRestart(snapshot)
        report.snapshotIncomplete = !snapshot.isComplete
        if !snapshot.isComplete {
            env.logger.warning("the media server's lists filled a whole page; only kicks are made this pass",
                metadata: ["clients": "\(snapshot.clients.count)", "streams": "\(snapshot.streams.count)"])
        }
        let corrections = Reconciler.corrections(Reconciler.Input(
            liveRooms: liveRooms, viewers: sessions, snapshot: snapshot, app: env.media.app, reconnecting: reconnecting,
            settledBefore: asked.addingTimeInterval(-settings.grace.timeInterval)))
        for gone in corrections.idle { await makeIdle(gone, report: &report) }
        for publisher in corrections.kick { await kick(publisher, report: &report) }
        removeViewers(viewers.removeGone(corrections.viewers), report: &report)
        return report
    }

    /// Every live room, a page at a time.
    private func liveRooms() async throws -> [Room] {
        var rooms: [Room] = []
        var after: String?
        while true {
            let page = try await env.store.rooms(status: .live, afterId: after, limit: settings.pageSize)
            rooms += page
            guard page.count == settings.pageSize, let last = page.last else { return rooms }
            after = last.id
        }
    }

    /// A new service id under the same server id is a restart: every client the server had is
    /// gone, and this same pass corrects them (they are missing from the snapshot).
    private func noticeRestart(_ snapshot: MediaServerSnapshot) -> Bool {
        defer { lastServer = (snapshot.serverId, snapshot.serviceId) }
        guard let last = lastServer, last.serviceId != snapshot.serviceId else { return false }
        if last.serverId == snapshot.serverId {
            env.logger.notice("the media server restarted; correcting every publisher and viewer it lost", metadata: [
                "srs.server": "\(snapshot.serverId)", "srs.service.previous": "\(last.serviceId)", "srs.service": "\(snapshot.serviceId)"])
        } else {
            env.logger.notice("a different media server answers the API now", metadata: [
                "srs.server.previous": "\(last.serverId)", "srs.server": "\(snapshot.serverId)"])
        }
        return true
    }
}
