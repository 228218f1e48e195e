import Foundation
import HTTPTypes
import Hummingbird

/// What ISC's API gateway does before a request reaches a service: check the bearer token (401), count the
/// request against the client's budget (429), and, under fault injection, fail it (500).
struct GatewayMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext

    let tokens: TokenRegistry
    let rateLimiter: RateLimiter?
    let perAPIVersion: Bool
    let faults: FaultInjector

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let clientID = try await authenticate(request)
        if let rateLimiter {
            let key = perAPIVersion ? "\(clientID) \(Self.apiVersion(of: request.uri.path))" : clientID
            if let wait = await rateLimiter.admit(key: key) {
                throw APIError.rateLimited(retryAfterSeconds: RateLimiter.retryAfterSeconds(wait))
            }
        }
        if await faults.failsBefore() {
            throw APIError.internalFault
        }
        return try await next(request, context)
    }

    private func authenticate(_ request: Request) async throws(APIError) -> String {
        guard let header = request.headers[.authorization] else {
            throw .unauthorized("JWT validation failed: no Authorization header")
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw .unauthorized("JWT validation failed: the Authorization header is not a Bearer token")
        }
        switch await tokens.verify(String(parts[1]).trimmingCharacters(in: .whitespaces)) {
        case .valid(let clientID): return clientID
        case .expired: throw .unauthorized("JWT validation failed: JWT is expired")
        case .unknown: throw .unauthorized("JWT validation failed: JWT is invalid")
        }
    }

    /// `v2025`, `beta`, … for versioned paths; `common-access/v1` for per-service ones.
    static func apiVersion(of path: String) -> String {
        let components = path.split(separator: "/")
        guard let first = components.first else { return "" }
        if components.count > 1, components[1] == "v1" { return "\(first)/v1" }
        return String(first)
    }
}
