import Foundation
import HTTPTypes
import HummingbirdTesting
import Sandbox
import Testing

@Suite("GET …/common-access: headers, paging and order")
struct CommonAccessListTests {
    static let experimentalPaths = [
        "/v2024/common-access", "/v2025/common-access", "/v2026/common-access", "/common-access/v1",
    ]

    @Test("the experimental versions refuse a call without X-SailPoint-Experimental", arguments: experimentalPaths)
    func experimentalHeaderRequired(path: String) async throws {
        try await withSandbox { client in
            let client = try await client.authorized()
            let response = try await client.get(path, experimental: false)
            #expect(response.status == .badRequest)
            let error = try response.decode(ErrorBody.self)
            #expect(error.detailCode == "400.1 Bad Request Content")
            #expect(error.text.contains("X-SailPoint-Experimental"))
            #expect(try await client.get(path, experimental: true).status == .ok)
        }
    }

    @Test("the header is also required for the writes under an experimental version")
    func experimentalHeaderOnWrites() async throws {
        try await withSandbox { client in
            let client = try await client.authorized()
            let create = try await client.post("/common-access/v1", json: "{}", experimental: false)
            #expect(create.status == .badRequest)
            #expect(try create.decode(ErrorBody.self).text.contains("X-SailPoint-Experimental"))
            let update = try await client.post("/v2025/common-access/update-status", json: "[]", experimental: false)
            #expect(update.status == .badRequest)
        }
    }

    @Test("beta needs no experimental header")
    func betaWithoutHeader() async throws {
        try await withSandbox { client in
            let client = try await client.authorized()
            let response = try await client.get("/beta/common-access", experimental: false)
            #expect(response.status == .ok)
            #expect(try response.decode([ListedItem].self).count == TenantSnapshot.seeded().commonAccess.count)
            #expect(
                try await client.post("/beta/common-access/update-status", json: "[]", experimental: false).status
                    == .accepted)
        }
    }

    @Test("items come sorted by access.name, ties broken by id, in the documented shape")
    func defaultOrderAndShape() async throws {
        try await withSandbox { client in
            let items = try await client.authorized().listAll()
            let seed = TenantSnapshot.seeded().commonAccess
            #expect(items.count == seed.count)
            let expected = seed.sorted { ($0.name, $0.id) < ($1.name, $1.id) }.map(\.id)
            #expect(items.map(\.id) == expected)
            for item in items {
                #expect(UUID(uuidString: item.id) != nil)
                #expect(item.commonAccessType == "UNSET")
                #expect(["ROLE", "ACCESS_PROFILE"].contains(item.access.type))
                #expect(item.reviewedByUser == (item.lastReviewed != nil))
            }
            #expect(items.contains { !$0.reviewedByUser })
        }
    }

    @Test("null fields are sent as JSON null, not left out")
    func explicitNulls() async throws {
        try await withSandbox { client in
            let response = try await client.authorized().get(
                "/v2025/common-access?filters=" + encoded("reviewedByUser eq false"))
            #expect(response.text.contains("\"lastReviewed\":null"))
        }
    }

    @Test(
        "pages fetched with offset and limit add up to the whole list, and count=true reports the total",
        arguments: Transport.allCases)
    func paging(transport: Transport) async throws {
        try await withSandbox(transport) { client in
            let client = try await client.authorized()
            let all = try await client.listAll()
            var collected: [ListedItem] = []
            for offset in stride(from: 0, to: all.count + 4, by: 4) {
                let response = try await client.get("/v2025/common-access?offset=\(offset)&limit=4&count=true")
                #expect(response.status == .ok)
                #expect(response.totalCount == all.count)
                collected += try response.decode([ListedItem].self)
            }
            #expect(collected == all)
            #expect(try await client.get("/v2025/common-access?limit=4").totalCount == nil)
        }
    }

    @Test("limit=0 returns no items but still counts them")
    func limitZero() async throws {
        try await withSandbox { client in
            let response = try await client.authorized().get("/v2025/common-access?limit=0&count=true")
            #expect(response.status == .ok)
            #expect(try response.decode([ListedItem].self).isEmpty)
            #expect(response.totalCount == TenantSnapshot.seeded().commonAccess.count)
        }
    }

    @Test(
        "out-of-range or malformed paging parameters are a 400",
        arguments: ["limit=251", "limit=-1", "limit=ten", "limit=2.5", "offset=-1", "offset=x", "count=yes"])
    func badPaging(query: String) async throws {
        try await withSandbox { client in
            let response = try await client.authorized().get("/v2025/common-access?" + query)
            #expect(response.status == .badRequest)
            #expect(try response.decode(ErrorBody.self).detailCode == "400.1 Bad Request Content")
        }
    }

    @Test("limit=250 is the maximum and is accepted")
    func limitMaximum() async throws {
        try await withSandbox { client throws in
            #expect(try await client.authorized().get("/v2025/common-access?limit=250").status == .ok)
        }
    }

    @Test("sorters sort ascending, descending and by several fields")
    func sorters() async throws {
        try await withSandbox { client in
            let client = try await client.authorized()
            let ascending = try await client.listAll("sorters=access.name")
            let descending = try await client.listAll("sorters=" + encoded("-access.name"))
            #expect(descending.map(\.access.name) == ascending.map(\.access.name).reversed())

            let byStatus = try await client.listAll("sorters=status,access.name")
            let statuses = byStatus.map(\.status)
            #expect(statuses == statuses.sorted())
            let confirmedNames = byStatus.filter { $0.status == "CONFIRMED" }.map(\.access.name)
            #expect(confirmedNames == confirmedNames.sorted())

            let deniedFirst = try await client.listAll("sorters=-status")
            #expect(deniedFirst.first?.status == "DENIED")
            #expect(deniedFirst.last?.status == "CONFIRMED")
        }
    }

    @Test("an unknown or empty sorter is a 400", arguments: ["name", "-lastUpdated", "access.name,", "ACCESS.NAME"])
    func badSorters(sorters: String) async throws {
        try await withSandbox { client in
            let response = try await client.authorized().get("/v2025/common-access?sorters=" + encoded(sorters))
            #expect(response.status == .badRequest)
        }
    }

    @Test("unknown query parameters and any User-Agent are tolerated")
    func tolerance() async throws {
        try await withSandbox { client in
            let response = try await client.authorized().get(
                "/v2025/common-access?for-subadmin=me&include-unsegmented=true&whatever=1",
                headers: [.userAgent: "SailPoint-SDK-Python/1.0.0 (linux)"])
            #expect(response.status == .ok)
        }
    }
}
