import Foundation
import Logging
import SidecarCore
import SidecarStore

/// The daemon's domain stack on a fresh SQLite file, for tests that exercise real storage.
public struct SidecarHarness: Sendable {
    public let directory: URL
    public let store: any SidecarStorage
    public let media: RecordingMediaServer
    public let readinessChecker: ScriptedReadiness
    public let env: SidecarEnvironment
    public let monitor: ReadinessMonitor
    public let viewers: ViewerRegistry
    public let hooks: HookService
    public let rooms: RoomService
    public let tokens: SignedTokens
    public let reconnect: ReconnectWindow
    /// The media server's stream and client lists, as reconciliation reads them.
    public let inventory: ScriptedInventory
    /// Reconciliation without a grace period, so that rooms made live by a test are judged at once.
    public let reconciler: ReconcileService
    /// Recordings under `<directory>/dvr` (its real path), inspected by `StubRecordingInspector`.
    public let recordings: RecordingService
    public let recordingsRoot: String
    /// Connections (co-hosting), with a recording mixer and a mix readiness the test sets.
    public let connections: ConnectionService
    public let mixer: RecordingMixer
    public let mixReadiness: SwitchableReadiness

    public static let tokenSecret = "test-token-secret"

    /// `reconnectWindow` zero (the default) makes `on_unpublish` idle a room at once.
    public init(
        readyAfter: Int = 0, directory: URL? = nil, readiness: ReadinessMonitor.Settings? = nil,
        reconnectWindow: Duration = .zero,
        connectionSettings: ConnectionSettings = ConnectionSettings(
            pendingTimeout: .seconds(60), grace: .seconds(60), watchInterval: .milliseconds(20))
    ) async throws {
        let directory = directory ?? FileManager.default.temporaryDirectory.appendingPathComponent("sidecar-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        self.directory = directory
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        store = try StoreFactory.open(directory.appendingPathComponent("sidecar.sqlite").path, logger: logger)
        try await store.migrate()
        media = RecordingMediaServer()
        readinessChecker = ScriptedReadiness(readyAfter: readyAfter)
        tokens = SignedTokens(secret: Self.tokenSecret)
        env = SidecarEnvironment(
            store: store, control: media, keys: StreamKeys(secret: Array("test-key-secret".utf8)), tokens: tokens,
            media: MediaSettings(), logger: logger)
        monitor = ReadinessMonitor(
            env: env, checker: readinessChecker,
            settings: readiness ?? .init(attempts: 3, interval: .milliseconds(20), recheckInterval: .milliseconds(20)))
        viewers = ViewerRegistry(store: store, node: "test-node")
        reconnect = ReconnectWindow(duration: reconnectWindow)
        mixer = RecordingMixer()
        mixReadiness = SwitchableReadiness()
        connections = ConnectionService(
            env: env, store: store, mixer: mixer, checker: mixReadiness, viewers: viewers, settings: connectionSettings,
            node: "test-node")
        hooks = HookService(env: env, readiness: monitor, viewers: viewers, reconnect: reconnect, connections: connections)
        rooms = RoomService(env: env, readiness: monitor, viewers: viewers, node: "test-node", connections: connections)
        inventory = ScriptedInventory()
        reconciler = ReconcileService(
            env: env, inventory: inventory, readiness: monitor, viewers: viewers, reconnect: reconnect,
            settings: .init(grace: .zero), connections: connections)
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("dvr/live"), withIntermediateDirectories: true)
        recordingsRoot = RecordingPath.systemRealpath(directory.appendingPathComponent("dvr").path) ?? directory.path + "/dvr"
        recordings = RecordingService(
            store: store, inspector: StubRecordingInspector(), settings: RecordingSettings(roots: [recordingsRoot], writeGuard: 5),
            logger: logger)
    }

    /// Creates a room and returns its view with the key.
    public func makeRoom(_ id: String = "room-1", owner: String = "alice", isPrivate: Bool = false) async throws -> RoomView {
        switch try await rooms.create(roomId: id, owner: owner, isPrivate: isPrivate) {
        case .created(let view), .existing(let view): return view
        }
    }

    public func remove() {
        try? FileManager.default.removeItem(at: directory)
    }
}
