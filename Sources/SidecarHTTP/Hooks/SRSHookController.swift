import Foundation
import Hummingbird
import Logging
import SidecarCore

/// `POST /hooks/srs`: every SRS hook on one URL, the action in the body, answered in the
/// only form SRS accepts (HTTP 200 and `{"code":0}` to allow; any other code denies, and
/// SRS logs the body, so a deny carries a readable `reason`). `GET /hooks/srs` takes
/// `on_hls_notify`.
struct SRSHookController: Sendable {
    let hooks: HookService
    let recordings: RecordingService?
    let metrics: SidecarMetrics

    func addRoutes(to group: RouterGroup<SidecarRequestContext>) {
        group.post("srs", use: handle)
        group.get("srs", use: notify)
    }

    @Sendable func handle(_ request: Request, context: SidecarRequestContext) async throws -> Response {
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: context.maxUploadSize)
        } catch {
            return HookAnswer.malformed(.contentTooLarge, "the hook body is larger than \(context.maxUploadSize) bytes")
        }
        let payload: SRSHookPayload
        do {
            payload = try body.withUnsafeReadableBytes { bytes throws(HookBodyError) in try SRSHookPayload.parse(bytes) }
        } catch {
            return HookAnswer.malformed(.badRequest, "the hook body is not SRS hook JSON: \(error)")
        }
        if let field = payload.missingField {
            return HookAnswer.malformed(.badRequest, "\(payload.action) without \"\(field)\"")
        }
        let started = ContinuousClock.now
        let answer = await dispatch(payload, context: context)
        metrics.recordHook(action: payload.action, allowed: answer.allowed, duration: ContinuousClock.now - started)
        return answer.response
    }

    private func dispatch(_ payload: SRSHookPayload, context: SidecarRequestContext) async -> HookAnswer {
        switch payload.action {
        case "on_connect": return HookAnswer(hooks.connect(app: payload.app ?? ""))
        case "on_publish": return HookAnswer(await hooks.publish(payload.publishRequest))
        case "on_unpublish": await hooks.unpublish(payload.endRequest)
        case "on_play": return HookAnswer(await hooks.play(payload.playRequest))
        case "on_stop": await hooks.stop(payload.endRequest)
        case "on_hls": await hooks.segmentWritten(app: payload.app ?? "", stream: payload.stream ?? "")
        case "on_close": break
        case "on_dvr":
            // Indexed before answering (SRS sends on_dvr from its own worker, off the client's
            // path, and ignores the answer): the outcome is logged by the recordings module.
            guard let recordings, let file = payload.file else {
                context.logger.info("recording finished; not indexed", metadata: [
                    "stream.name": "\(payload.stream ?? "")",
                    "reason": "\(recordings == nil ? "recordings are not enabled" : "on_dvr without file")"])
                break
            }
            _ = await recordings.recordingFinished(
                path: file, cwd: payload.cwd, app: payload.app ?? "", liveId: payload.stream ?? "", clientId: payload.client_id)
        default:
            return HookAnswer.unknownAction(payload.action)
        }
        return HookAnswer(.allow)
    }

    /// `on_hls_notify` (a GET with our own query): a segment was written, check now.
    @Sendable func notify(_ request: Request, context: SidecarRequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        guard query.get("action") == "on_hls_notify" else {
            return HookAnswer.malformed(.badRequest, "GET /hooks/srs is only for on_hls_notify (?action=on_hls_notify)")
        }
        guard let stream = query.get("stream") else {
            return HookAnswer.malformed(.badRequest, "on_hls_notify needs ?stream=[stream] in the hook URL")
        }
        await hooks.segmentWritten(app: query.get("app") ?? "", stream: stream)
        return HookAnswer(.allow).response
    }
}
