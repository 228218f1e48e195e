import AccessPolicy
import Testing

@testable import ISCClient

@Suite("Paths per API version and the headers every request carries")
struct PathTests {
    struct Expected: Sendable, CustomTestStringConvertible {
        var version: APIVersion
        var commonAccess: String
        var updateStatus: String
        var roles: String
        var accessProfiles: String

        var testDescription: String { version.rawValue }
    }

    static let table: [Expected] = [
        Expected(
            version: .v2025, commonAccess: "/v2025/common-access", updateStatus: "/v2025/common-access/update-status",
            roles: "/v2025/roles", accessProfiles: "/v2025/access-profiles"),
        Expected(
            version: .v2024, commonAccess: "/v2024/common-access", updateStatus: "/v2024/common-access/update-status",
            roles: "/v2024/roles", accessProfiles: "/v2024/access-profiles"),
        Expected(
            version: .v2026, commonAccess: "/v2026/common-access", updateStatus: "/v2026/common-access/update-status",
            roles: "/v2026/roles", accessProfiles: "/v2026/access-profiles"),
        Expected(
            version: .beta, commonAccess: "/beta/common-access", updateStatus: "/beta/common-access/update-status",
            roles: "/beta/roles", accessProfiles: "/beta/access-profiles"),
        Expected(
            version: .v1, commonAccess: "/common-access/v1", updateStatus: "/common-access/v1/update-status",
            roles: "/roles/v1", accessProfiles: "/access-profiles/v1"),
    ]

    @Test("every operation uses the version's path and the standard headers", arguments: table)
    func paths(expected: Expected) async throws {
        let api: @Sendable (RecordedRequest) async throws -> StubResponse = { request in
            switch request.label {
            case "GET \(expected.commonAccess)":
                return page(of: makeItems(3), for: request)
            case "POST \(expected.commonAccess)":
                return .json(commonAccessJSON(id: "new-1", accessID: "role-1"), status: 202)
            case "POST \(expected.updateStatus)":
                return .json("{}", status: 202)
            case "GET \(expected.roles)", "GET \(expected.accessProfiles)":
                return .json("[]")
            default:
                return .json(#"{"detailCode":"404 Not found","messages":[{"text":"no route"}]}"#, status: 404)
            }
        }
        try await StubServer.run(tenant(api: api)) { baseURL, log in
            let client = try ISCClient.forStub(baseURL, apiVersion: expected.version)
            #expect(try await client.listCommonAccess().count == 3)
            let created = try await client.createCommonAccess(
                NewCommonAccess(access: AccessReference(type: .role, id: "role-1"), status: .confirmed))
            #expect(created.id == "new-1")
            try await client.updateStatus(StatusBatch(confirmedIDs: ["new-1"]))
            _ = try await client.findCatalogItems(type: .role, named: "Engineering")
            _ = try await client.findCatalogItems(type: .accessProfile, named: "Engineering")

            let labels = await log.apiRequests.map(\.label)
            #expect(
                labels == [
                    "GET \(expected.commonAccess)", "POST \(expected.commonAccess)", "POST \(expected.updateStatus)",
                    "GET \(expected.roles)", "GET \(expected.accessProfiles)",
                ])
            for request in await log.apiRequests {
                #expect(request.header("X-SailPoint-Experimental") == "true", "\(request.label)")
                #expect(request.header("Accept") == "application/json", "\(request.label)")
                #expect(request.header("User-Agent") == "accesspolicy/0.1", "\(request.label)")
                #expect(request.header("Authorization") == "Bearer token-1", "\(request.label)")
            }
            #expect(await log.count("POST", "/oauth/token") == 1)
        }
    }

    @Test("roles are looked up 50 at a time and access profiles 250 at a time")
    func catalogLimits() async throws {
        try await StubServer.run(tenant { _ in .json("[]") }) { baseURL, log in
            let client = try ISCClient.forStub(baseURL)
            _ = try await client.findCatalogItems(type: .role, named: "x")
            _ = try await client.findCatalogItems(type: .accessProfile, named: "x")
            #expect(await log.requests("GET", "/v2025/roles").first?.query("limit") == "50")
            #expect(await log.requests("GET", "/v2025/access-profiles").first?.query("limit") == "250")
        }
    }
}
