import Foundation
import HTTPTypes
import HummingbirdTesting
import Sandbox
import Testing

@Suite("POST …/common-access and …/update-status")
struct CommonAccessWriteTests {
    static let seed = TenantSnapshot.seeded()
    static let engineeringSenior = seed.roles.first { $0.name == "Engineering Senior" }!
    static let allEmployees = seed.roles.first { $0.name == "All Employees" }!
    static let vpn = seed.accessProfiles.first { $0.name == "VPN Access" }!

    @Test(
        "create answers 202 with the item filled in from the catalog; createdByUser is the string \"true\"",
        arguments: Transport.allCases)
    func create(transport: Transport) async throws {
        try await withSandbox(transport) { client in
            let client = try await client.authorized()
            let role = Self.engineeringSenior
            let response = try await client.post(
                "/v2025/common-access", json: #"{"access":{"id":"\#(role.id)","type":"ROLE"},"status":"CONFIRMED"}"#)
            #expect(response.status == .accepted)
            #expect(response.headers[.contentType] == "application/json")
            #expect(response.text.contains(#""createdByUser":"true""#))
            let created = try response.decode(CreatedItem.self)
            #expect(UUID(uuidString: created.id) != nil)
            #expect(created.createdByUser == "true")
            #expect(created.reviewedByUser)
            #expect(created.status == "CONFIRMED")
            #expect(
                created.access
                    == AccessShape(
                        id: role.id, type: "ROLE", name: role.name, description: role.description,
                        ownerName: role.owner.name,
                        ownerId: role.owner.id))

            let listed = try await client.listAll().first { $0.id == created.id }
            #expect(listed?.createdByUser == true)
            #expect(listed?.access.name == "Engineering Senior")
        }
    }

    @Test("create accepts the fields the SDK sends, including name and null description")
    func createWithAllFields() async throws {
        try await withSandbox { client in
            let profile = Self.seed.accessProfiles.first { $0.name == "Okta Admin" }!
            let json = #"""
                {"access":{"id":"\#(profile.id)","type":"ACCESS_PROFILE","name":"anything","description":null,
                "ownerName":"x","ownerId":"y"},"status":"DENIED"}
                """#
            let response = try await client.authorized().post("/beta/common-access", json: json, experimental: false)
            #expect(response.status == .accepted)
            let created = try response.decode(CreatedItem.self)
            #expect(created.access.name == "Okta Admin")
            #expect(created.status == "DENIED")
        }
    }

    @Test("creating an item that exists already is a 400 that says so")
    func duplicate() async throws {
        try await withSandbox { client in
            let response = try await client.authorized().post(
                "/v2025/common-access",
                json: #"{"access":{"id":"\#(Self.allEmployees.id)","type":"ROLE"},"status":"DENIED"}"#)
            #expect(response.status == .badRequest)
            #expect(try response.decode(ErrorBody.self).text.contains("already exists"))
        }
    }

    @Test("an access id that is not in the catalog, or not of that type, is a 400")
    func unknownAccess() async throws {
        try await withSandbox { client in
            let client = try await client.authorized()
            let missing = try await client.post(
                "/v2025/common-access",
                json: #"{"access":{"id":"2c9180835d2e5168015d32f890ca1581","type":"ROLE"},"status":"CONFIRMED"}"#)
            #expect(missing.status == .badRequest)
            let wrongType = try await client.post(
                "/v2025/common-access", json: #"{"access":{"id":"\#(Self.vpn.id)","type":"ROLE"},"status":"CONFIRMED"}"#
            )
            #expect(wrongType.status == .badRequest)
            #expect(try await client.listAll().count == Self.seed.commonAccess.count)
        }
    }

    @Test(
        "a malformed create body is a 400 and creates nothing",
        arguments: [
            "", "{", "[]", "null", #"{"status":"CONFIRMED"}"#,
            #"{"access":null,"status":"CONFIRMED"}"#,
            #"{"access":{"type":"ROLE"},"status":"CONFIRMED"}"#,
            #"{"access":{"id":"ID","type":"role"},"status":"CONFIRMED"}"#,
            #"{"access":{"id":"ID","type":"ROLE"},"status":"APPROVED"}"#,
            #"{"access":{"id":"ID","type":"ROLE"}}"#,
            #"{"access":{"id":7,"type":"ROLE"},"status":"CONFIRMED"}"#,
            #"{"access":{"id":"ID","type":"ROLE","name":3},"status":"CONFIRMED"}"#,
            #"{"access":{"id":"ID","type":"ROLE"},"status":"CONFIRMED","note":"x"}"#,
            #"{"access":{"id":"ID","typ":"ROLE"},"status":"CONFIRMED"}"#,
        ])
    func malformedCreate(body: String) async throws {
        try await withSandbox { client in
            let client = try await client.authorized()
            let json = body.replacingOccurrences(of: "\"ID\"", with: "\"\(Self.engineeringSenior.id)\"")
            let response = try await client.post("/v2025/common-access", json: json)
            #expect(response.status == .badRequest)
            #expect(try response.decode(ErrorBody.self).detailCode == "400.1 Bad Request Content")
            #expect(try await client.listAll().count == Self.seed.commonAccess.count)
        }
    }

    @Test("a body that is not JSON by content type is a 415")
    func wrongContentType() async throws {
        try await withSandbox { client in
            let response = try await client.authorized().post(
                "/v2025/common-access", json: #"{"access":{"id":"x","type":"ROLE"},"status":"CONFIRMED"}"#,
                contentType: "text/plain")
            #expect(response.status == .unsupportedMediaType)
        }
    }

    @Test(
        "update-status confirms and denies by item id, marks them reviewed, and answers 202 {}",
        arguments: Transport.allCases)
    func updateStatus(transport: Transport) async throws {
        try await withSandbox(transport) { client in
            let client = try await client.authorized()
            let before = try await client.listAll()
            let denied = try #require(before.first { $0.status == "DENIED" })
            let suggested = try #require(before.first { !$0.reviewedByUser })
            let response = try await client.post(
                "/v2025/common-access/update-status",
                json: #"[{"confirmedIds":["\#(denied.id)"],"deniedIds":["\#(suggested.id)"]}]"#)
            #expect(response.status == .accepted)
            #expect(response.text == "{}")

            let after = try await client.listAll()
            let nowConfirmed = try #require(after.first { $0.id == denied.id })
            #expect(nowConfirmed.status == "CONFIRMED")
            #expect(nowConfirmed.reviewedByUser)
            #expect(nowConfirmed.lastUpdated != denied.lastUpdated)
            let nowDenied = try #require(after.first { $0.id == suggested.id })
            #expect(nowDenied.status == "DENIED")
            #expect(nowDenied.reviewedByUser)
            #expect(nowDenied.lastReviewed != nil)
        }
    }

    @Test("several array elements, and elements with only one list, are all applied")
    func severalElements() async throws {
        try await withSandbox { client in
            let client = try await client.authorized()
            let ids = try await client.listAll().map(\.id)
            let body = "[" + ids.map { #"{"deniedIds":["\#($0)"]}"# }.joined(separator: ",") + #",{}]"#
            #expect(try await client.post("/v2026/common-access/update-status", json: body).status == .accepted)
            #expect(try await client.listAll().allSatisfy { $0.status == "DENIED" })
        }
    }

    @Test("an unknown id fails the whole update and applies nothing")
    func unknownIDAppliesNothing() async throws {
        try await withSandbox { client in
            let client = try await client.authorized()
            let before = try await client.listAll()
            let denied = try #require(before.first { $0.status == "DENIED" })
            let unknown = "555ab47a-0d32-4813-906f-adf3567de6a4"
            let response = try await client.post(
                "/v2025/common-access/update-status",
                json: #"[{"confirmedIds":["\#(denied.id)","\#(unknown)"],"deniedIds":[]}]"#)
            #expect(response.status == .badRequest)
            #expect(try response.decode(ErrorBody.self).text.contains(unknown))
            #expect(try await client.listAll() == before)
        }
    }

    @Test("a role or access-profile id instead of an item id is a 400 that explains the mix-up")
    func accessIDInsteadOfItemID() async throws {
        try await withSandbox { client in
            let response = try await client.authorized().post(
                "/v2025/common-access/update-status", json: #"[{"confirmedIds":["\#(Self.vpn.id)"]}]"#)
            #expect(response.status == .badRequest)
            #expect(try response.decode(ErrorBody.self).text.contains("not a common access item id"))
        }
    }

    @Test(
        "a malformed update-status body is a 400",
        arguments: [
            #"{"confirmedIds":[]}"#, "", "[", "[1]", #"[{"confirmedIds":"x"}]"#, #"[{"confirmedIds":[1]}]"#,
            #"[{"confirmIds":[]}]"#,
        ])
    func malformedUpdate(body: String) async throws {
        try await withSandbox { client in
            let response = try await client.authorized().post("/v2025/common-access/update-status", json: body)
            #expect(response.status == .badRequest)
        }
    }

    @Test("the same id in confirmedIds and deniedIds is a 400 and applies nothing")
    func conflictingIDs() async throws {
        try await withSandbox { client in
            let client = try await client.authorized()
            let before = try await client.listAll()
            let id = before[0].id
            let response = try await client.post(
                "/v2025/common-access/update-status",
                json: #"[{"confirmedIds":["\#(id)"]},{"deniedIds":["\#(id)"]}]"#)
            #expect(response.status == .badRequest)
            #expect(try await client.listAll() == before)
        }
    }

    @Test("a large batch is accepted in one call (no documented size limit)")
    func largeBatch() async throws {
        let store = TenantStore(snapshot: .generated(roles: 2_000, accessProfiles: 2_000, commonAccess: 3_000, seed: 7))
        try await withSandbox(store: store) { client in
            let client = try await client.authorized()
            let ids = await store.snapshot().commonAccess.map(\.id)
            let body = #"[{"confirmedIds":[""# + ids.joined(separator: #"",""#) + #""]}]"#
            let response = try await client.post("/v2025/common-access/update-status", json: body)
            #expect(response.status == .accepted, "\(response.text)")
            #expect(await store.snapshot().commonAccess.allSatisfy { $0.status == .confirmed && $0.reviewedByUser })
        }
    }
}
