import Foundation
import Hummingbird
import Logging
import SidecarCore

/// `POST /hooks/nginx-rtmp/{event}`: nginx-rtmp's form-encoded notifications, one URL per
/// directive (`on_publish` → `/hooks/nginx-rtmp/on_publish`), mapped onto the same
/// `HookService` calls as SRS's hooks and answered with a status nginx understands
/// (`NginxHookAnswer`).
struct NginxRTMPHookController: Sendable {
    let hooks: HookService
    let recordings: RecordingService?
    let metrics: SidecarMetrics
    /// Recorded as every publisher's `serverId`: nginx-rtmp's notifications carry no server
    /// id, so the daemon uses the one its nginx adapter reports in snapshots.
    let serverId: String?

    func addRoutes(to group: RouterGroup<SidecarRequestContext>) {
        group.post("nginx-rtmp/:event", use: handle)
    }

    @Sendable func handle(_ request: Request, context: SidecarRequestContext) async throws -> Response {
        let name = context.parameters.get("event") ?? ""
        guard let event = NginxRTMPEvent(rawValue: name) else {
            metrics.recordHook(action: "unknown", allowed: false, duration: .zero)
            return NginxHookAnswer.malformed(.notFound, "unknown notification \"\(name.prefix(64))\" (expected one of \(NginxRTMPEvent.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: context.maxUploadSize)
        } catch {
            return NginxHookAnswer.malformed(.contentTooLarge, "the notification is larger than \(context.maxUploadSize) bytes")
        }
        let notification = NginxRTMPNotification(form: String(decoding: body.readableBytesView, as: UTF8.self))
        guard event.calls.contains(notification.call) else {
            return NginxHookAnswer.malformed(
                .badRequest, "call=\"\(notification.call.prefix(64))\" does not belong on /hooks/nginx-rtmp/\(event.rawValue) (check nginx.conf's \(event.rawValue) URL)")
        }
        if let missing = event.requiredFields.first(where: { notification[$0] == nil }) {
            return NginxHookAnswer.malformed(.badRequest, "\(event.rawValue) without \"\(missing)\"")
        }
        let started = ContinuousClock.now
        let decision = await dispatch(event, notification, context: context)
        metrics.recordHook(action: event.rawValue, allowed: decision.allowed, duration: ContinuousClock.now - started)
        if !decision.allowed {
            context.logger.info("nginx-rtmp notification denied", metadata: [
                "hook.event": "\(event.rawValue)", "stream.name": "\(notification.stream)", "client.id": "\(notification.clientId)",
                "hook.deny": "\(decision.code?.rawValue ?? "")", "hook.reason": "\(decision.reason)"])
        }
        return NginxHookAnswer.response(decision)
    }

    private func dispatch(_ event: NginxRTMPEvent, _ notification: NginxRTMPNotification, context: SidecarRequestContext) async -> HookDecision {
        switch event {
        case .connect:
            return hooks.connect(app: notification.app)
        case .publish:
            var request = notification.publishRequest
            request.serverId = serverId
            return await hooks.publish(request)
        case .publishDone:
            await hooks.unpublish(notification.endRequest)
        case .play:
            return await hooks.play(notification.playRequest)
        case .playDone:
            await hooks.stop(notification.endRequest)
        case .done:
            break  // after on_publish_done / on_play_done, which did the work
        case .recordDone:
            // `path` is absolute (nginx's record_path); indexed before answering, as SRS's
            // on_dvr is (nginx ignores the answer to an end notification).
            guard let recordings, let path = notification["path"], !path.isEmpty else {
                context.logger.info("recording finished; not indexed", metadata: [
                    "stream.name": "\(notification.stream)",
                    "reason": "\(recordings == nil ? "recordings are not enabled" : "on_record_done without path")"])
                break
            }
            context.logger.info("recording finished", metadata: ["stream.name": "\(notification.stream)", "recording.path": "\(path)"])
            _ = await recordings.recordingFinished(
                path: path, cwd: nil, app: notification.app, liveId: notification.stream, clientId: notification.clientId)
        case .update:
            switch notification.call {
            case "update_publish": return await hooks.continuePublish(notification.endRequest)
            case "update_play": return await hooks.continuePlay(notification.endRequest)
            default: break
            }
        }
        return .allow
    }
}
