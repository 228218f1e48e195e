import Foundation
import HTTPTypes
import HummingbirdTesting
import Sandbox
import Testing

@Suite("Error bodies")
struct ErrorBodyTests {
    @Test("an unknown route is a 404 ErrorResponseDto with a fresh 32-hex tracking id", arguments: Transport.allCases)
    func notFound(transport: Transport) async throws {
        try await withSandbox(transport) { client in
            let client = try await client.authorized()
            let first = try await client.get("/v2025/common-accesses")
            #expect(first.status == .notFound)
            #expect(first.headers[.contentType] == "application/json")
            let error = try first.decode(ErrorBody.self)
            #expect(error.detailCode == "404 Not found")
            #expect(error.trackingId.count == 32)
            #expect(error.trackingId.allSatisfy { $0.isHexDigit && !$0.isUppercase })
            #expect(error.messages.first?.locale == "en-US")
            #expect(error.messages.first?.localeOrigin == "DEFAULT")
            #expect(error.causes.isEmpty)
            let second = try await client.get("/v2025/common-accesses").decode(ErrorBody.self)
            #expect(second.trackingId != error.trackingId)
        }
    }

    @Test(
        "a version the operation does not exist in is a 404",
        arguments: ["/v3/common-access", "/v2023/roles", "/roles/v2"])
    func missingVersions(path: String) async throws {
        try await withSandbox { client throws in
            #expect(try await client.authorized().get(path).status == .notFound)
        }
    }

    @Test("a method the route does not have is refused")
    func wrongMethod() async throws {
        try await withSandbox { client in
            let client = try await client.authorized()
            let response = try await client.raw.execute(
                uri: "/v2025/common-access", method: .delete,
                headers: [.authorization: "Bearer \(client.token!)", SandboxClient.experimentalHeader: "true"])
            #expect([.notFound, .methodNotAllowed].contains(response.status))
            #expect(try response.decode(ErrorBody.self).trackingId.count == 32)
            #expect(try await client.raw.execute(uri: "/oauth/token", method: .get).status == .notFound)
        }
    }

    @Test("400s carry the ErrorResponseDto shape and a message that names the problem")
    func badRequestShape() async throws {
        try await withSandbox { client in
            let response = try await client.authorized().get("/v2025/common-access?limit=1000")
            #expect(response.headers[.contentType] == "application/json")
            let error = try response.decode(ErrorBody.self)
            #expect(error.detailCode == "400.1 Bad Request Content")
            #expect(error.text.contains("limit"))
        }
    }
}
