// The client-credentials token: fetched once for all callers, refreshed before expiry.

import Foundation

extension ISCClient {
    /// The path of the token endpoint: on the API host, under no version prefix.
    static let tokenPath = "/oauth/token"

    /// Assumed lifetime when the token endpoint does not say (`expires_in` missing or unusable).
    static let defaultTokenLifetime: Duration = .seconds(300)

    /// A valid bearer token, fetched (once, for all concurrent callers) when there is none or it is about to expire.
    func currentToken() async throws -> AccessToken {
        try await tokens.token(fetch: { try await fetchToken() })
    }

    /// `POST /oauth/token` with the client-credentials grant, form-encoded.
    ///
    /// Errors say which environment variable to check and never contain the id, the secret or the token.
    func fetchToken() async throws -> IssuedToken {
        let credentials = configuration.credentials
        let form = PercentEncoding.query([
            ("grant_type", "client_credentials"),
            ("client_id", credentials.clientID),
            ("client_secret", credentials.clientSecret),
        ])
        let request = APIRequest(
            method: .post, path: Self.tokenPath, body: Array(form.utf8),
            contentType: "application/x-www-form-urlencoded", authenticated: false)
        do {
            return try await send(request, accepting: [200]) { response in try issuedToken(from: response) }
        } catch var error as ISCError {
            error.scrubTenantText { scrub($0, alsoHiding: [credentials.clientID]) }
            switch error.kind {
            case .unauthorized, .badRequest, .forbidden:
                error.kind = .unauthorized
                error.hint =
                    "the token endpoint refused the client credentials; check "
                    + "\(ISCEnvironment.clientIDVariable) and \(ISCEnvironment.clientSecretVariable)"
            case .transport, .notFound:
                error.hint =
                    "could not get a token from \(serviceURL.host); "
                    + "check \(ISCEnvironment.baseURLVariable) and the network"
            default:
                break
            }
            throw error
        }
    }

    private func issuedToken(from response: APIResponse) throws -> IssuedToken {
        let wire = try? JSONDecoder().decode(TokenResponseWire.self, from: Data(response.body))
        guard let value = wire?.accessToken, !value.isEmpty,
            value.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) })
        else {
            throw ISCError(
                kind: .badResponse, method: "POST", path: Self.tokenPath, status: response.status,
                message: "the token endpoint answered without a usable access_token",
                hint: "check that \(ISCEnvironment.baseURLVariable) is the tenant's API host")
        }
        var lifetime = Self.defaultTokenLifetime
        if let seconds = wire?.expiresIn, seconds.isFinite, seconds > 0 {
            lifetime = .milliseconds(Int64(min(seconds, 86_400) * 1000))
        }
        return IssuedToken(token: AccessToken(value: value), lifetime: lifetime)
    }
}
