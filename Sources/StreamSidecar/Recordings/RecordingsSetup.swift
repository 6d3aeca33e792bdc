import Foundation
import Logging
import SidecarAdapters
import SidecarConfig
import SidecarCore

/// The recordings module as configured: roots, retention rules, write guard, MP4 remux apps.
enum RecordingsSetup {
    static func settings(_ settings: SidecarSettings) throws -> RecordingSettings {
        var rules = RetentionRules()
        for text in settings.recordingsRetention {
            let rule: RetentionRuleSetting
            do { rule = try RetentionRuleSetting.parse(text) } catch {
                throw DaemonError(description: "recordings.retention: '\(text)': \(error.message)")
            }
            let policy = RetentionPolicy(maxAge: rule.maxAge, maxBytes: rule.maxBytes, keepMin: rule.keepMin)
            switch rule.scope {
            case .global: rules.global = policy
            case .app(let app): rules.apps[app] = policy
            case .room(let room): rules.rooms[room] = policy
            }
        }
        return RecordingSettings(
            roots: settings.recordingsRoots, writeGuard: settings.recordingsWriteGuard,
            remuxApps: Set(settings.recordingsRemuxMP4), retention: rules)
    }

    static func service(_ settings: SidecarSettings, store: any RoomStore & RecordingStore, logger: Logger) throws -> RecordingService {
        RecordingService(
            store: store, inspector: MediaRecordingInspector(), settings: try Self.settings(settings), logger: logger)
    }

    /// One line per root at start: a root that does not exist yet is not an error (SRS creates
    /// its DVR folder on the first recording), but every recording under it is refused until it does.
    static func logRoots(_ settings: RecordingSettings, logger: Logger) {
        if settings.roots.isEmpty {
            logger.notice("no recordings root configured: on_dvr recordings are refused (set --recordings-root)")
        }
        for root in settings.roots {
            if let real = RecordingPath.systemRealpath(root) {
                logger.info("recordings root", metadata: ["recordings.root": "\(root)", "recordings.real_path": "\(real)"])
            } else {
                logger.warning("recordings root does not exist (yet); recordings under it are refused until it does", metadata: [
                    "recordings.root": "\(root)"])
            }
        }
    }
}
