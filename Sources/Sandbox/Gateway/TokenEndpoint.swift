import Foundation
import HTTPTypes
import Hummingbird

/// `POST /oauth/token`, client-credentials grant only.
///
/// Credentials may come as an `application/x-www-form-urlencoded` body (what the SDKs send), a
/// `multipart/form-data` body, or query parameters, as SailPoint's authentication docs allow. A value in
/// the body wins over the same name in the query.
struct TokenEndpoint: Sendable {
    let configuration: SandboxConfiguration
    let tokens: TokenRegistry

    func respond(to request: Request) async throws(APIError) -> Response {
        let parameters = try await self.parameters(of: request)
        guard let grantType = parameters("grant_type"), !grantType.isEmpty else {
            throw .oauth(status: .badRequest, error: "invalid_request", description: "Missing grant type")
        }
        guard grantType.lowercased() == "client_credentials" else {
            throw .oauth(
                status: .badRequest, error: "unsupported_grant_type",
                description: "Unsupported grant type: \(grantType)")
        }
        guard parameters("client_id") == configuration.clientID,
            parameters("client_secret") == configuration.clientSecret
        else {
            throw .oauth(status: .unauthorized, error: "invalid_client", description: "Bad credentials")
        }
        let token = await tokens.issue(clientID: configuration.clientID, ttl: configuration.tokenTTL)
        return JSONResponse.make(
            .ok, TokenResponseWire(accessToken: token, expiresIn: Int(configuration.tokenTTL.components.seconds)),
            headers: [.cacheControl: "no-store"])
    }

    /// Looks a parameter up in the body first, then in the query.
    private func parameters(of request: Request) async throws(APIError) -> @Sendable (String) -> String? {
        let query = try FormEncoding(request.uri.query)
        let body: FormEncoding
        switch RequestBodies.mediaType(of: request) {
        case "application/x-www-form-urlencoded":
            let data = try await RequestBodies.bytes(of: request)
            body = try FormEncoding(String(decoding: data, as: UTF8.self))
        case "multipart/form-data":
            let data = try await RequestBodies.bytes(of: request)
            body = try MultipartForm.fields(data, contentType: request.headers[.contentType] ?? "")
        default:
            body = try FormEncoding(nil)
        }
        return { name in body[name] ?? query[name] }
    }
}

/// The token reply, with the fields SailPoint's docs show for a client-credentials token (no user or
/// identity id: such a token has no user context).
struct TokenResponseWire: Encodable {
    var accessToken: String
    var tokenType = "bearer"
    var expiresIn: Int
    var scope = "sp:scopes:all"
    var accessType = "OFFLINE"
    var tenantID = "8f3b6c1e-5a2d-4c7b-9e0f-1a2b3c4d5e6f"
    var `internal` = false
    var pod = "sandbox"
    var strongAuthSupported = false
    var org = "sandbox"
    var claimsSupported = false
    var strongAuth = false
    var enabled = true
    var jti = UUID().uuidString.lowercased()

    private enum CodingKeys: String, CodingKey {
        case accessToken = "access_token"
        case tokenType = "token_type"
        case expiresIn = "expires_in"
        case scope, accessType
        case tenantID = "tenant_id"
        case `internal`, pod
        case strongAuthSupported = "strong_auth_supported"
        case org
        case claimsSupported = "claims_supported"
        case strongAuth = "strong_auth"
        case enabled, jti
    }
}
