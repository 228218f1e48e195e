import AccessPolicyTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Sandbox
import Testing

/// The store answers lists from maintained orders, indexes and a query cache instead of sorting and scanning
/// per request. These tests hold its answers to a reference computed here, from the whole snapshot, the
/// slow and obvious way.
@Suite("Listing and writing a larger tenant")
struct LargeTenantTests {
    /// Every page of `query`, fetched with `limit=250`, concatenated.
    private static func allPages(_ client: SandboxClient, _ query: String = "") async throws -> [ListedItem] {
        var items: [ListedItem] = []
        while true {
            let page = try await client.listAll("offset=\(items.count)&limit=250" + (query.isEmpty ? "" : "&" + query))
            items += page
            if page.count < 250 { return items }
        }
    }

    private static func createBody(type: String, id: String, status: String = "CONFIRMED") -> String {
        #"{"access":{"id":"\#(id)","type":"\#(type)"},"status":"\#(status)"}"#
    }

    @Test("default-order pages match a full sort by name and id, also after many creates and name ties")
    func defaultOrderAfterCreates() async throws {
        var snapshot = TenantSnapshot.generated(roles: 1_500, accessProfiles: 0, commonAccess: 20, seed: 9)
        // Ties on the name must be broken by the item id.
        for index in stride(from: 0, to: snapshot.roles.count, by: 7) { snapshot.roles[index].name = "Shared Name" }
        let store = TenantStore(snapshot: snapshot)
        let listed = Set(snapshot.commonAccess.map(\.accessID))
        let free = snapshot.roles.filter { !listed.contains($0.id) }
        try await withSandbox(store: store) { client in
            let client = try await client.authorized()
            // More than two chunks' worth (512 each) into a tenant of 20, so the order splits its chunks.
            for (index, role) in free.prefix(1_200).enumerated() {
                let status = index.isMultiple(of: 3) ? "DENIED" : "CONFIRMED"
                let response = try await client.post(
                    "/v2025/common-access", json: Self.createBody(type: "ROLE", id: role.id, status: status))
                #expect(response.status == .accepted)
            }
            let expected = await store.snapshot().commonAccess.sorted { ($0.name, $0.id) < ($1.name, $1.id) }
            #expect(expected.count == 1_220)
            let pages = try await Self.allPages(client)
            #expect(pages.map(\.id) == expected.map(\.id))
            #expect(pages.filter { $0.access.name == "Shared Name" }.count > 100)

            let middle = try await client.get("/v2025/common-access?offset=600&limit=7&count=true")
            #expect(try middle.decode([ListedItem].self).map(\.id) == expected[600..<607].map(\.id))
            #expect(middle.totalCount == 1_220)
            #expect(try await client.listAll("offset=1220").isEmpty)
            #expect(try await client.listAll("offset=5000").isEmpty)
        }
    }

    /// What each of `cachedQueriesFollowWrites`' queries must list, in order.
    private static func reference(_ items: [TenantSnapshot.CommonAccessItem], query: Int) -> [String] {
        switch query {
        case 0:
            return items.filter { $0.status == .denied }.sorted { ($0.name, $0.id) < ($1.name, $1.id) }.map(\.id)
        case 1:
            return items.sorted {
                if $0.status != $1.status { return $0.status.rawValue < $1.status.rawValue }
                if $0.name != $1.name { return $0.name > $1.name }
                return $0.id < $1.id
            }.map(\.id)
        default:
            return items.filter { $0.accessType == .accessProfile }.sorted {
                $0.status != $1.status ? $0.status.rawValue > $1.status.rawValue : $0.id < $1.id
            }.map(\.id)
        }
    }

    @Test("filtered and custom-sorted listings follow creates and status updates")
    func cachedQueriesFollowWrites() async throws {
        let snapshot = TenantSnapshot.generated(roles: 300, accessProfiles: 300, commonAccess: 500, seed: 4)
        let store = TenantStore(snapshot: snapshot)
        let listed = Set(snapshot.commonAccess.map(\.accessID))
        let freeProfile = try #require(snapshot.accessProfiles.first { !listed.contains($0.id) })
        let queries = [
            "filters=" + encoded(#"status eq "DENIED""#),
            "sorters=" + encoded("status,-access.name"),
            "filters=" + encoded(#"access.type eq "ACCESS_PROFILE""#) + "&sorters=" + encoded("-status"),
        ]
        try await withSandbox(store: store) { client in
            let client = try await client.authorized()
            func check() async throws {
                let items = await store.snapshot().commonAccess
                for (index, query) in queries.enumerated() {
                    #expect(try await Self.allPages(client, query).map(\.id) == Self.reference(items, query: index))
                }
            }
            try await check()
            try await check()  // now from the cache

            let confirmed = snapshot.commonAccess.filter { $0.status == .confirmed }.prefix(60).map(\.id)
            let update = try await client.post(
                "/v2025/common-access/update-status",
                json: #"[{"deniedIds":[""# + confirmed.joined(separator: #"",""#) + #""]}]"#)
            #expect(update.status == .accepted)
            try await check()

            let created = try await client.post(
                "/v2025/common-access",
                json: Self.createBody(type: "ACCESS_PROFILE", id: freeProfile.id, status: "DENIED"))
            #expect(created.status == .accepted)
            try await check()
        }
    }

    @Test("access.id look-ups ignore case and combine with and, or and not")
    func accessIDLookups() async throws {
        let snapshot = TenantSnapshot.generated(roles: 200, accessProfiles: 200, commonAccess: 300, seed: 6)
        let first = snapshot.commonAccess[10]
        let second = snapshot.commonAccess[20]
        let otherStatus = first.status == .confirmed ? "DENIED" : "CONFIRMED"
        try await withSandbox(store: TenantStore(snapshot: snapshot)) { client in
            let client = try await client.authorized()
            func ids(_ filter: String) async throws -> [String] {
                try await client.listAll("filters=" + encoded(filter)).map(\.id)
            }
            #expect(try await ids(#"access.id eq "\#(first.accessID.uppercased())""#) == [first.id])
            #expect(
                Set(try await ids(#"access.id eq "\#(first.accessID)" or access.id eq "\#(second.accessID)""#))
                    == [first.id, second.id])
            #expect(try await ids(#"access.id eq "\#(first.accessID)" and status eq "\#(otherStatus)""#).isEmpty)
            #expect(
                try await ids(#"access.type eq "\#(first.accessType.rawValue)" and access.id eq "\#(first.accessID)""#)
                    == [first.id])
            let others = try await client.get(
                "/v2025/common-access?limit=1&count=true&filters=" + encoded(#"not access.id eq "\#(first.accessID)""#))
            #expect(others.totalCount == 299)
            #expect(try await ids(#"access.id eq "2c9180ffffffffffffffffffffffffff""#).isEmpty)
            let counted = try await client.get(
                "/v2025/common-access?count=true&filters=" + encoded(#"access.id eq "\#(second.accessID)""#))
            #expect(counted.totalCount == 1)
        }
    }

    @Test("catalog names and ids are found ignoring case, and ties on a name come in id order")
    func catalogLookups() async throws {
        let seed = TenantSnapshot.seeded()
        try await withSandbox { client in
            let client = try await client.authorized()
            let roles = try await client.get("/v2025/roles?filters=" + encoded(#"name eq "engineering SENIOR""#))
            #expect(try roles.decode([RoleShape].self).map(\.name) == ["Engineering Senior"])
            let ids = seed.roles.prefix(3).map(\.id)
            let byID = try await client.get(
                "/v2025/roles?filters=" + encoded(#"id in ("\#(ids[0].uppercased())","\#(ids[1])","\#(ids[2])")"#))
            #expect(Set(try byID.decode([RoleShape].self).map(\.id)) == Set(ids))
            let shared = try await client.get(
                "/v2025/access-profiles?filters=" + encoded(#"name eq "finance shared drive""#))
            let expected = seed.accessProfiles.filter { $0.name == "Finance Shared Drive" }.map(\.id).sorted()
            #expect(try shared.decode([AccessProfileShape].self).map(\.id) == expected)
        }
    }

    @Test("pending writes with different delays each become visible at their own time")
    func writesOutOfVisibleOrder() async throws {
        let clock = ManualClock()
        let time = manualTime(clock)
        let store = TenantStore(now: time.date)
        let seed = TenantSnapshot.seeded()
        let slowRole = try #require(seed.roles.first { $0.name == "Release Manager" })
        let fastRole = try #require(seed.roles.first { $0.name == "Executive Assistant" })
        let slow = SandboxConfiguration(writeDelay: .seconds(5), time: time)
        let fast = SandboxConfiguration(writeDelay: .milliseconds(200), time: time)
        try await withSandbox(store: store, configuration: slow) { slowClient in
            let slowClient = try await slowClient.authorized()
            #expect(
                try await slowClient.post("/v2025/common-access", json: Self.createBody(type: "ROLE", id: slowRole.id))
                    .status == .accepted)
            try await withSandbox(store: store, configuration: fast) { fastClient in
                let fastClient = try await fastClient.authorized()
                #expect(
                    try await fastClient.post(
                        "/v2025/common-access", json: Self.createBody(type: "ROLE", id: fastRole.id)
                    ).status == .accepted)
                clock.advance(by: .milliseconds(200))
                let soon = try await fastClient.listAll().map(\.access.id)
                #expect(soon.contains(fastRole.id))
                #expect(!soon.contains(slowRole.id))
            }
            clock.advance(by: .milliseconds(4800))
            let later = try await slowClient.listAll()
            #expect(later.filter { [slowRole.id, fastRole.id].contains($0.access.id) }.count == 2)
            #expect(later.count == seed.commonAccess.count + 2)
            #expect(later.map(\.id) == later.sorted { ($0.access.name, $0.id) < ($1.access.name, $1.id) }.map(\.id))
        }
        #expect(await store.snapshot().pendingWrites.isEmpty)
    }

    @Test("a write that cannot be saved is not applied, so a retry is not taken for a duplicate")
    func failedSaveRollsBack() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sandbox-tests-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        // The state file's folder is a regular file, so every save fails.
        let blocker = directory.appendingPathComponent("not-a-folder")
        try Data("x".utf8).write(to: blocker)
        let store = TenantStore(snapshot: .seeded(), persistingTo: blocker.appendingPathComponent("tenant.json"))
        let role = try #require(TenantSnapshot.seeded().roles.first { $0.name == "Legal Counsel" })
        let denied = try #require(TenantSnapshot.seeded().commonAccess.first { $0.status == .denied })
        try await withSandbox(store: store) { client in
            let client = try await client.authorized()
            for _ in 0..<2 {
                let created = try await client.post(
                    "/v2025/common-access", json: Self.createBody(type: "ROLE", id: role.id))
                #expect(created.status == .internalServerError)
            }
            let update = try await client.post(
                "/v2025/common-access/update-status", json: #"[{"confirmedIds":["\#(denied.id)"]}]"#)
            #expect(update.status == .internalServerError)
            let found = try await client.listAll("filters=" + encoded(#"access.id eq "\#(role.id)""#))
            #expect(found.isEmpty)
        }
        #expect(await store.snapshot() == .seeded())
    }
}
