import Foundation
import HTTPTypes
import HummingbirdTesting
import Sandbox
import Testing

/// The common-access list is written byte by byte rather than with `JSONEncoder` (it is the hot path of a
/// large listing); these pin down that what comes out is still the JSON a client expects.
@Suite("GET …/common-access: how items are written")
struct ListEncodingTests {
    static let awkward = [
        #"Quote " and \ backslash"#, "Tab\tnew\nline\r\u{8}\u{C}\u{1}\u{1F}", "Slash / é 😀 \u{2028}", "",
    ]

    @Test("strings with quotes, backslashes, control characters and non-ASCII come back exactly")
    func awkwardStrings() async throws {
        var snapshot = TenantSnapshot.generated(roles: 20, accessProfiles: 20, commonAccess: 10, seed: 2)
        for (index, text) in Self.awkward.enumerated() {
            snapshot.commonAccess[index].name = text
            snapshot.commonAccess[index].description = text
            snapshot.commonAccess[index].ownerName = text
        }
        let stored = snapshot.commonAccess
        try await withSandbox(store: TenantStore(snapshot: snapshot)) { client in
            let response = try await client.authorized().get("/v2025/common-access")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/json")
            let text = response.text
            for escape in [#"\""#, #"\\"#, #"\t"#, #"\n"#, #"\r"#, #"\b"#, #"\f"#, #"\u0001"#, #"\u001f"#] {
                #expect(text.contains(escape), "\(escape)")
            }
            #expect(text.contains("Slash / é 😀 \u{2028}"))
            let listed = try response.decode([ListedItem].self)
            #expect(listed.count == stored.count)
            for item in stored {
                let found = try #require(listed.first { $0.id == item.id })
                #expect(found.access.name == item.name)
                #expect(found.access.description == item.description)
                #expect(found.access.ownerName == item.ownerName)
            }
        }
    }

    @Test("timestamps are UTC with milliseconds, rounded, across leap days, the epoch and a century")
    func timestamps() async throws {
        var snapshot = TenantSnapshot.generated(roles: 10, accessProfiles: 10, commonAccess: 4, seed: 3)
        let cases: [(Double, String)] = [
            (951_782_400.5, "2000-02-29T00:00:00.500Z"),
            (4_102_444_799.9996, "2100-01-01T00:00:00.000Z"),
            (-1_000_000.123, "1969-12-20T10:13:19.877Z"),
            (1_709_251_199.999, "2024-02-29T23:59:59.999Z"),
        ]
        for (index, (seconds, _)) in cases.enumerated() {
            snapshot.commonAccess[index].lastUpdated = Date(timeIntervalSince1970: seconds)
            snapshot.commonAccess[index].lastReviewed = Date(timeIntervalSince1970: seconds)
        }
        let ids = snapshot.commonAccess.map(\.id)
        try await withSandbox(store: TenantStore(snapshot: snapshot)) { client in
            let listed = try await client.authorized().listAll()
            for (index, (_, expected)) in cases.enumerated() {
                let item = try #require(listed.first { $0.id == ids[index] })
                #expect(item.lastUpdated == expected)
                #expect(item.lastReviewed == expected)
            }
        }
    }

    @Test("a page with the fields in the documented shape, nulls included, decodes as the reference shape")
    func shape() async throws {
        try await withSandbox { client in
            let response = try await client.authorized().get("/v2025/common-access?limit=3")
            let text = response.text
            #expect(text.hasPrefix(#"[{"access":{"description":"#))
            #expect(text.hasSuffix("}]"))
            #expect(try response.decode([ListedItem].self).count == 3)
            let empty = try await client.authorized().get("/v2025/common-access?offset=1000")
            #expect(empty.text == "[]")
        }
    }
}
