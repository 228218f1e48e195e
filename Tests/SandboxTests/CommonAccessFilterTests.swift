import Foundation
import HTTPTypes
import HummingbirdTesting
import Sandbox
import Testing

/// A filter and, written independently in Swift, what it must select.
struct FilterCase: Sendable, CustomTestStringConvertible {
    var filter: String
    var expected: @Sendable (ListedItem) -> Bool

    var testDescription: String { filter }

    static let vpnID = TenantSnapshot.seeded().accessProfiles.first { $0.name == "VPN Access" }!.id

    static let all: [FilterCase] = [
        FilterCase(filter: #"status eq "CONFIRMED""#) { $0.status == "CONFIRMED" },
        FilterCase(filter: #"status eq "denied""#) { $0.status == "DENIED" },
        FilterCase(filter: #"status sw "DEN""#) { $0.status == "DENIED" },
        FilterCase(filter: "reviewedByUser eq false") { !$0.reviewedByUser },
        FilterCase(filter: "reviewedByUser eq true") { $0.reviewedByUser },
        FilterCase(filter: #"access.id eq "\#(vpnID)""#) { $0.access.id == vpnID },
        FilterCase(filter: #"access.id sw "2c9180""#) { $0.access.id.hasPrefix("2c9180") },
        FilterCase(filter: #"access.type eq "ROLE""#) { $0.access.type == "ROLE" },
        FilterCase(filter: #"access.name eq "VPN Access""#) { $0.access.name == "VPN Access" },
        FilterCase(filter: #"access.name sw "domain""#) { $0.access.name.hasPrefix("Domain") },
        FilterCase(filter: #"access.description sw "Full""#) { $0.access.description?.hasPrefix("Full") == true },
        FilterCase(filter: #"access.description eq "Licensed Zoom meetings user.""#) {
            $0.access.description == "Licensed Zoom meetings user."
        },
        FilterCase(filter: #"access.type eq "ACCESS_PROFILE" and status eq "DENIED""#) {
            $0.access.type == "ACCESS_PROFILE" && $0.status == "DENIED"
        },
        FilterCase(filter: #"access.type eq "ROLE" or status eq "DENIED""#) {
            $0.access.type == "ROLE" || $0.status == "DENIED"
        },
        FilterCase(filter: #"not status eq "DENIED""#) { $0.status != "DENIED" },
        // not > and > or: ROLE, or (DENIED and not reviewed)
        FilterCase(filter: #"access.type eq "ROLE" or status eq "DENIED" and reviewedByUser eq false"#) {
            $0.access.type == "ROLE" || ($0.status == "DENIED" && !$0.reviewedByUser)
        },
        FilterCase(filter: #"(access.type eq "ROLE" or status eq "DENIED") and reviewedByUser eq true"#) {
            ($0.access.type == "ROLE" || $0.status == "DENIED") && $0.reviewedByUser
        },
        FilterCase(filter: #"not access.type eq "ROLE" or status eq "DENIED""#) {
            $0.access.type != "ROLE" || $0.status == "DENIED"
        },
        FilterCase(filter: #"not (access.type eq "ROLE" or status eq "DENIED") and reviewedByUser eq true"#) {
            !($0.access.type == "ROLE" || $0.status == "DENIED") && $0.reviewedByUser
        },
        FilterCase(filter: #"not not status eq "DENIED""#) { $0.status == "DENIED" },
        FilterCase(filter: #"((status eq "DENIED"))"#) { $0.status == "DENIED" },
    ]
}

@Suite("GET …/common-access?filters=")
struct CommonAccessFilterTests {
    @Test("each supported field, operator and composite selects exactly the matching items", arguments: FilterCase.all)
    func supported(_ filterCase: FilterCase) async throws {
        try await withSandbox { client in
            let client = try await client.authorized()
            let all = try await client.listAll()
            let response = try await client.get("/v2025/common-access?count=true&filters=" + encoded(filterCase.filter))
            #expect(response.status == .ok, "\(response.text)")
            let selected = try response.decode([ListedItem].self)
            let expected = all.filter(filterCase.expected)
            #expect(selected == expected)
            #expect(response.totalCount == expected.count)
            #expect(!expected.isEmpty, "a case should select something")
        }
    }

    @Test(
        "anything outside the documented filter language is a 400",
        arguments: [
            #"access.name co "VPN""#,  // operator not supported for the field
            #"ownerName eq "Alice Nguyen""#,  // field not supported
            #"access.ownerId eq "x""#,
            #"status EQ "DENIED""#,  // operators are lowercase
            #"status eq "DENIED" AND reviewedByUser eq true"#,
            #"status eq DENIED"#,  // strings must be quoted
            #"reviewedByUser eq "true""#,  // booleans must not be
            #"status eq "DENIED"#,  // unterminated string
            #"(status eq "DENIED""#,  // unclosed parenthesis
            #"status eq "DENIED")"#,
            #"status in ("DENIED")"#,
            #"access.name eq "a\nb""#,  // only \" and \\ escape
            #"status eq"#,
            #"status"#,
            #"and status eq "DENIED""#,
            #"access.type ne "ROLE""#,
            #"pr access.description"#,
            #"access.description isnull"#,
        ])
    func unsupported(filter: String) async throws {
        try await withSandbox { client in
            let response = try await client.authorized().get("/v2025/common-access?filters=" + encoded(filter))
            #expect(response.status == .badRequest)
            let error = try response.decode(ErrorBody.self)
            #expect(error.detailCode == "400.1 Bad Request Content")
            #expect(error.text.hasPrefix("Invalid filter"))
        }
    }

    @Test("quoted strings unescape \\\" and \\\\")
    func escapes() async throws {
        var snapshot = TenantSnapshot.seeded()
        snapshot.commonAccess[0].name = #"Share \\fs01\finance "Q3""#
        let store = TenantStore(snapshot: snapshot)
        try await withSandbox(store: store) { client in
            let filter = #"access.name eq "Share \\\\fs01\\finance \"Q3\"""#
            let items = try await client.authorized().listAll("filters=" + encoded(filter))
            #expect(items.map(\.access.name) == [#"Share \\fs01\finance "Q3""#])
        }
    }

    @Test("a '+' in the query string means a space, so a literal plus must be sent as %2B")
    func plusIsSpace() async throws {
        try await withSandbox { client in
            let client = try await client.authorized()
            let spaced = try await client.listAll(#"filters=access.name+eq+%22VPN+Access%22"#)
            #expect(spaced.map(\.access.name) == ["VPN Access"])
        }
    }

    @Test("a malformed percent escape is a 400")
    func badPercentEncoding() async throws {
        try await withSandbox { client in
            let response = try await client.authorized().get("/v2025/common-access?filters=status%2")
            #expect(response.status == .badRequest)
        }
    }
}
