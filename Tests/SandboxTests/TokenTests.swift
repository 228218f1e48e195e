import AccessPolicyTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Sandbox
import Testing

@Suite("POST /oauth/token and bearer tokens")
struct TokenTests {
    @Test(
        "a form-encoded body with the right credentials gets a bearer token that opens the API",
        arguments: Transport.allCases)
    func formBody(transport: Transport) async throws {
        try await withSandbox(transport) { client in
            let response = try await client.requestToken(
                body: "grant_type=client_credentials&client_id=sandbox-client&client_secret=sandbox-secret")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/json")
            let reply = try response.decode(TokenReply.self)
            #expect(reply.token_type == "bearer")
            #expect(reply.expires_in == 749)
            #expect(!reply.access_token.isEmpty)

            var authorized = client
            authorized.token = reply.access_token
            #expect(try await authorized.get("/v2025/common-access").status == .ok)
        }
    }

    @Test("credentials in query parameters are accepted too")
    func queryParameters() async throws {
        try await withSandbox { client in
            let response = try await client.requestToken(
                query: "grant_type=client_credentials&client_id=sandbox-client&client_secret=sandbox-secret")
            #expect(response.status == .ok)
            #expect(try response.decode(TokenReply.self).expires_in == 749)
        }
    }

    @Test("credentials in a multipart/form-data body are accepted")
    func multipart() async throws {
        try await withSandbox { client in
            let boundary = "XyZ123"
            let fields = [
                "grant_type": "client_credentials", "client_id": "sandbox-client", "client_secret": "sandbox-secret",
            ]
            let body =
                fields.map {
                    "--\(boundary)\r\nContent-Disposition: form-data; name=\"\($0.key)\"\r\n\r\n\($0.value)\r\n"
                }
                .joined() + "--\(boundary)--\r\n"
            let response = try await client.raw.execute(
                uri: "/oauth/token", method: .post,
                headers: [.contentType: "multipart/form-data; boundary=\(boundary)"], body: .init(string: body))
            #expect(response.status == .ok)
        }
    }

    @Test("a wrong secret is refused with 401 and no token")
    func wrongSecret() async throws {
        try await withSandbox { client in
            let response = try await client.requestToken(
                body: "grant_type=client_credentials&client_id=sandbox-client&client_secret=nope")
            #expect(response.status == .unauthorized)
            #expect(!response.text.contains("access_token"))
        }
    }

    @Test("configured credentials replace the defaults")
    func configuredCredentials() async throws {
        let configuration = SandboxConfiguration(
            clientID: "b61429f5-203d-494c-94c3-04f54e17bc5c", clientSecret: "s3cr3t")
        try await withSandbox(configuration: configuration) { client in
            #expect(
                try await client.requestToken(
                    body: "grant_type=client_credentials&client_id=sandbox-client&client_secret=sandbox-secret"
                ).status == .unauthorized)
            let token = try await client.fetchToken(clientID: "b61429f5-203d-494c-94c3-04f54e17bc5c", secret: "s3cr3t")
            #expect(!token.isEmpty)
        }
    }

    @Test("a grant type other than client_credentials is a 400")
    func unsupportedGrant() async throws {
        try await withSandbox { client in
            let response = try await client.requestToken(
                body: "grant_type=password&client_id=sandbox-client&client_secret=sandbox-secret")
            #expect(response.status == .badRequest)
            #expect(response.text.contains("unsupported_grant_type"))
        }
    }

    @Test("an API call without a token is a 401 with SailPoint's error body")
    func missingToken() async throws {
        try await withSandbox { client in
            let response = try await client.get("/v2025/common-access")
            #expect(response.status == .unauthorized)
            #expect(try response.decode(UnauthorizedBody.self).error.hasPrefix("JWT validation failed"))
        }
    }

    @Test("an unknown token is a 401")
    func unknownToken() async throws {
        try await withSandbox { client in
            var forged = client
            forged.token = "not-a-token"
            let response = try await forged.get("/v2025/roles")
            #expect(response.status == .unauthorized)
            #expect(try response.decode(UnauthorizedBody.self).error.hasPrefix("JWT validation failed"))
        }
    }

    @Test("a token stops working after tokenTTL and says it expired")
    func expiry() async throws {
        let clock = ManualClock()
        let configuration = SandboxConfiguration(tokenTTL: .seconds(3), time: manualTime(clock))
        try await withSandbox(configuration: configuration) { client in
            let authorized = try await client.authorized()
            #expect(try await authorized.get("/v2025/common-access").status == .ok)
            clock.advance(by: .milliseconds(2999))
            #expect(try await authorized.get("/v2025/common-access").status == .ok)
            clock.advance(by: .milliseconds(1))
            let response = try await authorized.get("/v2025/common-access")
            #expect(response.status == .unauthorized)
            #expect(try response.decode(UnauthorizedBody.self).error == "JWT validation failed: JWT is expired")
            // A fresh token works again.
            #expect(try await client.authorized().get("/v2025/common-access").status == .ok)
        }
    }
}
