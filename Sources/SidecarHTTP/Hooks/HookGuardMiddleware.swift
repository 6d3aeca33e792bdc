import Foundation
import Hummingbird
import SidecarCore

/// Only the media server may call hooks: the peer must be in the allow list (loopback by
/// default) and, when a hook secret is configured, the hook URL must carry `?secret=`.
/// A forged hook could otherwise mark rooms live or count fake viewers.
struct HookGuardMiddleware: RouterMiddleware {
    typealias Context = SidecarRequestContext

    let allowed: [CIDR]
    let secret: String?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let peer = context.remoteAddress, allowed.contains(where: { $0.contains(peer) }) else {
            context.logger.warning("hook from a source not allowed", metadata: ["peer": "\(context.remoteAddress?.description ?? "unknown")"])
            return HookAnswer.forbidden("this address may not call hooks")
        }
        if let secret {
            let given = request.uri.queryParameters.get("secret") ?? ""
            guard ConstantTime.equals(given, secret) else {
                context.logger.warning("hook with a wrong secret", metadata: ["peer": "\(peer)"])
                return HookAnswer.forbidden("the hook secret is missing or wrong")
            }
        }
        return try await next(request, context)
    }
}

/// `Authorization: Bearer <token>` on the platform API.
struct BearerAuthMiddleware: RouterMiddleware {
    typealias Context = SidecarRequestContext

    let token: String

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let header = request.headers[.authorization] ?? ""
        // The scheme name is case-insensitive (RFC 9110 11.1); the token is not.
        guard header.count > 7, header.prefix(7).lowercased() == "bearer ",
            ConstantTime.equals(String(header.dropFirst(7)), token)
        else {
            let error = APIError(status: .unauthorized, code: "unauthorized", message: "a valid bearer token is required")
            var response = try error.response(from: request, context: context)
            response.headers[.wwwAuthenticate] = "Bearer"
            return response
        }
        return try await next(request, context)
    }
}
