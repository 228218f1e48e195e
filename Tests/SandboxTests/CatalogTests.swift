import Foundation
import HTTPTypes
import HummingbirdTesting
import Sandbox
import Testing

@Suite("GET /roles and GET /access-profiles")
struct CatalogTests {
    static let seed = TenantSnapshot.seeded()
    static let rolePaths = ["/v2024/roles", "/v2025/roles", "/v2026/roles", "/beta/roles", "/v3/roles", "/roles/v1"]
    static let profilePaths = [
        "/v2024/access-profiles", "/v2025/access-profiles", "/v2026/access-profiles", "/beta/access-profiles",
        "/v3/access-profiles", "/access-profiles/v1",
    ]

    @Test("roles are listed under every version, without the experimental header", arguments: rolePaths)
    func rolesEverywhere(path: String) async throws {
        try await withSandbox { client in
            let response = try await client.authorized().get(path + "?count=true", experimental: false)
            #expect(response.status == .ok)
            let roles = try response.decode([RoleShape].self)
            #expect(roles.count == Self.seed.roles.count)
            #expect(response.totalCount == Self.seed.roles.count)
            #expect(roles.map(\.name) == roles.map(\.name).sorted())
            #expect(roles.allSatisfy { $0.owner.type == "IDENTITY" && $0.entitlements.isEmpty })
        }
    }

    @Test("access profiles are listed under every version, with their source", arguments: profilePaths)
    func profilesEverywhere(path: String) async throws {
        try await withSandbox { client in
            let response = try await client.authorized().get(path, experimental: false)
            #expect(response.status == .ok)
            let profiles = try response.decode([AccessProfileShape].self)
            #expect(profiles.count == Self.seed.accessProfiles.count)
            #expect(profiles.allSatisfy { $0.source.type == "SOURCE" && $0.owner.type == "IDENTITY" })
        }
    }

    @Test("roles come 50 to a page by default, and a limit above 50 is a 400")
    func roleLimit() async throws {
        let store = TenantStore(snapshot: .generated(roles: 120, accessProfiles: 300, commonAccess: 10, seed: 1))
        try await withSandbox(store: store) { client in
            let client = try await client.authorized()
            let first = try await client.get("/v2025/roles?count=true")
            #expect(try first.decode([RoleShape].self).count == 50)
            #expect(first.totalCount == 120)
            let last = try await client.get("/v2025/roles?offset=100&limit=50")
            #expect(try last.decode([RoleShape].self).count == 20)
            #expect(try await client.get("/v2025/roles?limit=50").status == .ok)
            let tooMany = try await client.get("/v2025/roles?limit=51")
            #expect(tooMany.status == .badRequest)
            #expect(try tooMany.decode(ErrorBody.self).text.contains("limit"))

            #expect(try await client.get("/v2025/access-profiles").decode([AccessProfileShape].self).count == 250)
            #expect(try await client.get("/v2025/access-profiles?limit=251").status == .badRequest)
        }
    }

    @Test(
        "names with +, \", # and & resolve when percent-encoded and escaped",
        arguments: ["C++ Developers", #"Project "Falcon" Team"#, "#Employees", "R&D Engineers"])
    func awkwardRoleNames(name: String) async throws {
        try await withSandbox { client in
            let escaped = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            let response = try await client.authorized().get(
                "/v2025/roles?filters=" + encoded("name eq \"\(escaped)\""))
            #expect(response.status == .ok)
            let roles = try response.decode([RoleShape].self)
            #expect(roles.map(\.name) == [name])
            #expect(roles.first?.id == Self.seed.roles.first { $0.name == name }?.id)
        }
    }

    @Test("a raw '+' is read as a space, so an unencoded 'C++' finds nothing")
    func rawPlus() async throws {
        try await withSandbox { client in
            let response = try await client.authorized().get(
                #"/v2025/roles?filters=name%20eq%20%22C++%20Developers%22"#)
            #expect(response.status == .ok)
            #expect(try response.decode([RoleShape].self).isEmpty)
        }
    }

    @Test("an unencoded '#' is a 400")
    func rawHash() async throws {
        try await withSandbox { client in
            let response = try await client.authorized().get(#"/v2025/roles?filters=name%20eq%20%22#Employees%22"#)
            #expect(response.status == .badRequest)
        }
    }

    @Test("two access profiles share a name on different sources")
    func ambiguousName() async throws {
        try await withSandbox { client in
            let response = try await client.authorized().get(
                "/v2025/access-profiles?filters=" + encoded(#"name eq "Finance Shared Drive""#))
            let profiles = try response.decode([AccessProfileShape].self)
            #expect(profiles.count == 2)
            #expect(Set(profiles.map(\.source.name)) == ["Active Directory", "Google Workspace"])
            #expect(Set(profiles.map(\.id)).count == 2)
        }
    }

    @Test("an access-profile name filter containing '+' comes back empty, as ISC documents")
    func accessProfilePlusQuirk() async throws {
        var snapshot = Self.seed
        snapshot.accessProfiles[0].name = "Adobe Acrobat + Sign"
        try await withSandbox(store: TenantStore(snapshot: snapshot)) { client in
            let client = try await client.authorized()
            let exact = try await client.get(
                "/v2025/access-profiles?filters=" + encoded(#"name eq "Adobe Acrobat + Sign""#))
            #expect(exact.status == .ok)
            #expect(try exact.decode([AccessProfileShape].self).isEmpty)
            let prefix = try await client.get("/v2025/access-profiles?filters=" + encoded(#"name sw "Adobe""#))
            #expect(try prefix.decode([AccessProfileShape].self).map(\.name) == ["Adobe Acrobat + Sign"])
        }
    }

    @Test("role filters: id in, owner.id eq, requestable, dimensional, created and modified")
    func roleFilters() async throws {
        try await withSandbox { client in
            let client = try await client.authorized()
            let roles = Self.seed.roles
            func names(_ filter: String) async throws -> Set<String> {
                let response = try await client.get("/v2025/roles?filters=" + encoded(filter))
                #expect(response.status == .ok, "\(filter): \(response.text)")
                return Set(try response.decode([RoleShape].self).map(\.name))
            }
            let pair = [roles[0], roles[1]]
            #expect(try await names(#"id in ("\#(pair[0].id)","\#(pair[1].id)")"#) == Set(pair.map(\.name)))
            let owner = roles[0].owner
            #expect(
                try await names(#"owner.id eq "\#(owner.id)""#) == Set(roles.filter { $0.owner == owner }.map(\.name)))
            #expect(try await names("requestable eq false") == Set(roles.filter { !$0.requestable }.map(\.name)))
            #expect(try await names("dimensional eq true") == Set(roles.filter(\.dimensional).map(\.name)))
            let middle = roles.map(\.created).sorted()[roles.count / 2]
            let cut = Date(timeIntervalSince1970: middle.timeIntervalSince1970.rounded(.down))
            let stamp = ISO8601DateFormatter().string(from: cut)
            #expect(try await names("created gt \(stamp)") == Set(roles.filter { $0.created > cut }.map(\.name)))
            #expect(try await names("created le \(stamp)") == Set(roles.filter { $0.created <= cut }.map(\.name)))
            #expect(
                try await names("modified ge 2024-06-01T00:00:00.000Z")
                    == Set(
                        roles.filter { $0.modified >= ISO8601DateFormatter().date(from: "2024-06-01T00:00:00Z")! }.map(
                            \.name)))
            #expect(
                try await names(#"name sw "Sales" and requestable eq true"#)
                    == Set(roles.filter { $0.name.hasPrefix("Sales") && $0.requestable }.map(\.name)))
            #expect(
                try await names(#"name eq "Legal Counsel" or name eq "Intern Base""#) == [
                    "Legal Counsel", "Intern Base",
                ])
        }
    }

    @Test(
        "catalog filters outside the documented set are a 400",
        arguments: [
            ("/v2025/roles", #"description eq "x""#), ("/v2025/roles", "created lt 2024-01-01T00:00:00Z"),
            ("/v2025/roles", #"name co "Sales""#), ("/v2025/roles", #"created gt "2024-01-01T00:00:00Z""#),
            ("/v2025/roles", "created gt yesterday"), ("/v2025/access-profiles", #"not name eq "VPN Access""#),
            ("/v2025/access-profiles", "dimensional eq true"), ("/v2025/access-profiles", #"source.name eq "Okta""#),
        ])
    func unsupportedCatalogFilters(path: String, filter: String) async throws {
        try await withSandbox { client in
            let response = try await client.authorized().get(path + "?filters=" + encoded(filter))
            #expect(response.status == .badRequest)
        }
    }

    @Test("access-profile filters: source.id in and modified gt")
    func profileFilters() async throws {
        try await withSandbox { client in
            let profiles = Self.seed.accessProfiles
            let source = profiles.first { $0.name == "Salesforce Admin" }!.source
            let response = try await client.authorized().get(
                "/v2025/access-profiles?filters="
                    + encoded(#"source.id in ("\#(source.id)") and modified gt 2020-01-01T00:00:00Z"#))
            #expect(
                try Set(response.decode([AccessProfileShape].self).map(\.name))
                    == Set(profiles.filter { $0.source == source }.map(\.name)))
        }
    }

    @Test("catalog sorters: name, -created, modified; anything else is a 400")
    func catalogSorters() async throws {
        try await withSandbox { client in
            let client = try await client.authorized()
            let byCreatedDescending = try await client.get("/v2025/roles?sorters=" + encoded("-created")).decode(
                [RoleShape].self)
            #expect(byCreatedDescending.map(\.created) == byCreatedDescending.map(\.created).sorted().reversed())
            let byModified = try await client.get("/v2025/access-profiles?sorters=modified").decode(
                [AccessProfileShape].self)
            #expect(byModified.map(\.modified) == byModified.map(\.modified).sorted())
            #expect(try await client.get("/v2025/roles?sorters=" + encoded("name,-modified")).status == .ok)
            #expect(try await client.get("/v2025/roles?sorters=owner").status == .badRequest)
        }
    }

    @Test("the documented extra parameters are tolerated")
    func extraParameters() async throws {
        try await withSandbox { client in
            let response = try await client.authorized().get(
                "/v2025/roles?for-subadmin=me&for-segment-ids=a,b&include-unsegmented=false")
            #expect(response.status == .ok)
        }
    }
}
