import Foundation
import Logging

extension ConnectionService {
    /// Carries out a committed transition's effects.
    func perform(_ effects: [ConnectionEffect], _ connection: Connection) async {
        let id = connection.id
        let roomId = connection.roomId
        for effect in effects {
            switch effect {
            case .runMixer(let host, let guest):
                await mixer.start(spec(connection, hostLive: host, guestLive: guest))
            case .stopMixer:
                await mixer.stop(id: id)
            case .watchMix:
                let url = env.media.hlsURL(liveId: connection.mixLiveId)
                await watches.start(id: id, liveId: connection.mixLiveId, interval: settings.watchInterval) { [self] in
                    await checkMix(url: url, connectionId: id, roomId: roomId)
                }
            case .stopWatchingMix:
                await watches.stop(id: id)
            case .armGrace(let side):
                await timers.schedule(Self.timerKey(id, side.rawValue), after: settings.grace) { [self] in
                    await applyLogged(.graceExpired(side), connectionId: id, roomId: roomId)
                }
            case .cancelGrace(let side):
                await timers.cancel(Self.timerKey(id, side.rawValue))
            case .cancelPendingTimeout:
                await timers.cancel(Self.timerKey(id, "pending"))
            case .kickGuest(let clientId):
                do {
                    _ = try await env.control.kick(clientId: clientId)
                } catch {
                    env.logger.error("kicking the guest failed", metadata: [
                        "connection.id": "\(id)", "client.id": "\(clientId)", "error": "\(error)"])
                }
            }
        }
    }

    /// One probe of the mix; true when the watch is over (playable and recorded, or ended).
    private func checkMix(url: String, connectionId: String, roomId: String) async -> Bool {
        let check = await checker.check(hlsURL: url)
        guard check.ready, !Task.isCancelled else { return false }
        do {
            let after = try await apply(.mixPlayable, connectionId: connectionId, roomId: roomId)
            // Unchanged: the mixer's output is not (yet) publishing; keep watching.
            return after != nil
        } catch {
            env.logger.error("mix playable not recorded", metadata: ["connection.id": "\(connectionId)", "error": "\(error)"])
            return false
        }
    }

    func spec(_ connection: Connection, hostLive: Bool, guestLive: Bool) -> MixerSpec {
        let base = settings.sourceBase ?? env.media.rtmpBase
        let key = mixerKey(connection)
        return MixerSpec(
            id: connection.id, hostURL: "\(base)/\(connection.hostLiveId)?key=\(key)",
            guestURL: "\(base)/\(connection.guestLiveId)?key=\(key)", outputURL: "\(base)/\(connection.mixLiveId)?key=\(key)",
            hostLive: hostLive, guestLive: guestLive, layout: settings.layout, width: settings.width, height: settings.height)
    }
}
