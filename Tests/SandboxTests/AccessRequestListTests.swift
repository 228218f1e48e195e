import Foundation
import HTTPTypes
import HummingbirdTesting
import Sandbox
import Testing

@Suite("GET …/access-request-status and …/access-request-administration")
struct AccessRequestListTests {
    static let seed = TenantSnapshot.seeded().accessRequests

    /// The ids the seed holds where `include` is true, in the default order (created, then id).
    static func expected(
        _ include: (TenantSnapshot.AccessRequestItem) -> Bool = { _ in true }
    ) -> [String] {
        seed.filter(include).sorted { ($0.created, $0.id) < ($1.created, $1.id) }.map(\.id)
    }

    /// `2024-03-01T09:30:00.123Z`, as the sandbox writes dates (milliseconds rounded, not truncated).
    static func timestamp(_ date: Date) -> String {
        let milliseconds = Int((date.timeIntervalSince1970 * 1000).rounded())
        let seconds = Date(timeIntervalSince1970: Double(milliseconds / 1000))
        let fraction = String(milliseconds % 1000 + 1000).dropFirst()
        return "\(seconds.formatted(.iso8601).dropLast()).\(fraction)Z"
    }

    @Test(
        "request-state=EXECUTING lists only pending items, oldest first, with the RequestedItemStatus fields",
        arguments: Transport.allCases)
    func pendingOnly(transport: Transport) async throws {
        try await withSandbox(transport) { client in
            let client = try await client.authorized()
            let response = try await client.get(
                "/v2025/access-request-status?request-state=EXECUTING&count=true", experimental: false)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/json")
            #expect(response.totalCount == SeededRequests.pendingCount)
            let items = try response.decode([RequestedItemShape].self)
            #expect(items.map(\.id) == Self.expected(\.isPending))
            #expect(items.allSatisfy { $0.state == "EXECUTING" })
            #expect(
                !items.contains { [SeededRequests.completed, SeededRequests.cancelled].contains($0.accessRequestId) })

            let slack = try #require(items.first { $0.id == SeededRequests.slack.item })
            #expect(slack.name == "Slack Workspace Member")
            #expect(slack.type == "ACCESS_PROFILE")
            #expect(slack.requestType == "GRANT_ACCESS")
            #expect(slack.accessRequestId == SeededRequests.slack.request)
            #expect(slack.approvalIds == [SeededRequests.slack.approval])
            #expect(slack.approvalDetails.map(\.status) == ["PENDING"])
            #expect(slack.approvalDetails.first?.approvalId == nil)
            #expect(slack.approvalDetails.first?.scheme == "MANAGER")
            #expect(slack.cancelable)
            #expect(slack.requester.type == "IDENTITY" && slack.requester.name == "Tom Becker")
            #expect(slack.requestedFor == slack.requester)
            #expect(slack.requesterComment?.author == slack.requester)
            #expect(slack.description != nil)
            #expect(slack.reauthorizationRequired == nil)

            // Every documented field is there, the unmodelled ones as null.
            let raw = try #require(
                try JSONSerialization.jsonObject(with: Data(response.text.utf8)) as? [[String: Any]])
            for key in [
                "id", "name", "type", "cancelledRequestDetails", "errorMessages", "state", "approvalDetails",
                "approvalIds", "manualWorkItemDetails", "accountActivityItemId", "requestType", "modified", "created",
                "requester", "requestedFor", "requesterComment", "sodViolationContext", "provisioningDetails",
                "preApprovalTriggerDetails", "accessRequestPhases", "description", "startDate", "removeDate",
                "cancelable", "accessRequestId", "clientMetadata", "requestedAccounts", "privilegeLevel",
            ] {
                #expect(raw.allSatisfy { $0.keys.contains(key) }, "\(key)")
            }
            #expect(raw.allSatisfy { !$0.keys.contains("reauthorizationRequired") && !$0.keys.contains("form") })
        }
    }

    @Test("without request-state every item is listed, finished ones too; other values are a 400")
    func allStates() async throws {
        try await withSandbox { client in
            let client = try await client.authorized()
            let items = try await client.requestedItems("count=true")
            #expect(items.map(\.id) == Self.expected())
            #expect(items.count == SeededRequests.totalCount)
            #expect(Set(items.map(\.state)) == ["EXECUTING", "REQUEST_COMPLETED", "CANCELLED", "REJECTED"])
            let cancelled = try #require(items.first { $0.accessRequestId == SeededRequests.cancelled })
            #expect(cancelled.cancelledRequestDetails?.comment.isEmpty == false)

            for state in ["CANCELLED", "executing", "PENDING"] {
                let response = try await client.get(
                    "/v2025/access-request-status?request-state=\(state)", experimental: false)
                #expect(response.status == .badRequest, "\(state)")
                #expect(try response.decode(ErrorBody.self).text.contains("request-state"))
            }
        }
    }

    @Test("pages of limit 5 with count=true add up to the whole pending list; limit 0..250 only")
    func paging() async throws {
        try await withSandbox { client in
            let client = try await client.authorized()
            var seen: [String] = []
            var offset = 0
            while true {
                let response = try await client.get(
                    "/v2025/access-request-status?request-state=EXECUTING&limit=5&offset=\(offset)&count=true",
                    experimental: false)
                #expect(response.totalCount == SeededRequests.pendingCount)
                let page = try response.decode([RequestedItemShape].self)
                seen += page.compactMap(\.id)
                if page.count < 5 { break }
                offset += 5
            }
            #expect(seen == Self.expected(\.isPending))

            let empty = try await client.get("/v2025/access-request-status?limit=0&count=true", experimental: false)
            #expect(try empty.decode([RequestedItemShape].self).isEmpty)
            #expect(empty.totalCount == SeededRequests.totalCount)
            let beyond = try await client.requestedItems("offset=1000")
            #expect(beyond.isEmpty)
            for bad in ["limit=251", "limit=-1", "offset=-1", "count=yes", "limit=ten"] {
                let response = try await client.get("/v2025/access-request-status?\(bad)", experimental: false)
                #expect(response.status == .badRequest, "\(bad)")
            }
        }
    }

    @Test(
        "each filter field and operator of the status list works",
        arguments: [
            "accessRequestId eq", "accessRequestId ne", "accessRequestId sw", "accessRequestId gt",
            "accessRequestId ge", "accessRequestId lt", "accessRequestId le", "accountActivityItemId eq",
            "accountActivityItemId in", "accountActivityItemId ne", "accountActivityItemId sw",
            "accountActivityItemId gt", "accountActivityItemId ge", "accountActivityItemId le", "created eq",
            "created ne", "created gt", "created ge", "created lt", "created le",
        ])
    func statusFilters(case: String) async throws {
        let pivot = try #require(Self.seed.first { $0.id == SeededRequests.revoke.item })
        let other = try #require(Self.seed.first { $0.id == SeededRequests.slack.item })
        let (filter, include) = Self.filterCase(`case`, pivot: pivot, other: other)
        let expected = Self.expected(include)
        try await withSandbox { client in
            let items = try await client.authorized().requestedItems("filters=\(encoded(filter))")
            #expect(items.map(\.id) == expected, "\(filter)")
            #expect(!items.isEmpty)
        }
    }

    /// A filter on one field and operator, and which seeded items it should match.
    static func filterCase(
        _ name: String, pivot: TenantSnapshot.AccessRequestItem, other: TenantSnapshot.AccessRequestItem
    ) -> (String, (TenantSnapshot.AccessRequestItem) -> Bool) {
        let request = pivot.accessRequestID
        let activity = pivot.accountActivityItemID
        let created = pivot.created
        let date = timestamp(created)
        switch name {
        case "accessRequestId eq": return (#"accessRequestId eq "\#(request)""#, { $0.accessRequestID == request })
        case "accessRequestId ne": return (#"accessRequestId ne "\#(request)""#, { $0.accessRequestID != request })
        case "accessRequestId sw":
            let prefix = String(request.prefix(9))
            return (#"accessRequestId sw "\#(prefix)""#, { $0.accessRequestID.hasPrefix(prefix) })
        case "accessRequestId gt": return (#"accessRequestId gt "\#(request)""#, { $0.accessRequestID > request })
        case "accessRequestId ge": return (#"accessRequestId ge "\#(request)""#, { $0.accessRequestID >= request })
        case "accessRequestId lt": return (#"accessRequestId lt "\#(request)""#, { $0.accessRequestID < request })
        case "accessRequestId le": return (#"accessRequestId le "\#(request)""#, { $0.accessRequestID <= request })
        case "accountActivityItemId eq":
            return (#"accountActivityItemId eq "\#(activity)""#, { $0.accountActivityItemID == activity })
        case "accountActivityItemId in":
            let both = [activity, other.accountActivityItemID]
            return (
                #"accountActivityItemId in ("\#(both[0])","\#(both[1])")"#, { both.contains($0.accountActivityItemID) }
            )
        case "accountActivityItemId ne":
            return (#"accountActivityItemId ne "\#(activity)""#, { $0.accountActivityItemID != activity })
        case "accountActivityItemId sw":
            let prefix = String(activity.prefix(8))
            return (#"accountActivityItemId sw "\#(prefix)""#, { $0.accountActivityItemID.hasPrefix(prefix) })
        case "accountActivityItemId gt":
            return (#"accountActivityItemId gt "\#(activity)""#, { $0.accountActivityItemID > activity })
        case "accountActivityItemId ge":
            return (#"accountActivityItemId ge "\#(activity)""#, { $0.accountActivityItemID >= activity })
        case "accountActivityItemId le":
            return (#"accountActivityItemId le "\#(activity)""#, { $0.accountActivityItemID <= activity })
        case "created eq": return ("created eq \(date)", { $0.created == created })
        case "created ne": return ("created ne \(date)", { $0.created != created })
        case "created gt": return ("created gt \(date)", { $0.created > created })
        case "created ge": return ("created ge \(date)", { $0.created >= created })
        case "created lt": return ("created lt \(date)", { $0.created < created })
        default: return ("created le \(date)", { $0.created <= created })
        }
    }

    @Test("filters combine with and, or, not and parentheses")
    func composite() async throws {
        let twoItems = SeededRequests.twoItems
        try await withSandbox { client in
            let client = try await client.authorized()
            let items = try await client.requestedItems(
                "request-state=EXECUTING&filters="
                    + encoded(
                        #"accessRequestId eq "\#(twoItems)" or not (accessRequestId ne "\#(SeededRequests.slack.request)")"#
                    ))
            #expect(Set(items.map(\.accessRequestId)) == [twoItems, SeededRequests.slack.request])
            #expect(items.count == 3)
        }
    }

    @Test(
        "filters and sorters the status list does not support are a 400 that names them",
        arguments: [
            "filters=" + encoded(#"name eq "VPN Access""#), "filters=" + encoded(#"accountActivityItemId lt "2""#),
            "filters=" + encoded(#"accessRequestId in ("2c9180")"#), "filters=" + encoded("created sw 2024"),
            "filters=" + encoded(#"created gt "2024-01-01T00:00:00Z""#),
            "filters=" + encoded(#"accessRequestId EQ "x""#),
            "filters=" + encoded("status eq \"EXECUTING\""), "sorters=accessRequestId", "sorters=state", "sorters=-id",
        ])
    func unsupported(query: String) async throws {
        try await withSandbox { client in
            let response = try await client.authorized().get(
                "/v2025/access-request-status?\(query)", experimental: false)
            #expect(response.status == .badRequest)
            #expect(try response.decode(ErrorBody.self).detailCode == "400.1 Bad Request Content")
        }
    }

    @Test("v3 and beta also accept in on accessRequestId, and their approvalDetails carry approvalId")
    func legacyVersions() async throws {
        let filter = encoded(
            #"accessRequestId in ("\#(SeededRequests.office365.request)","\#(SeededRequests.twoItems)")"#)
        try await withSandbox { client in
            let client = try await client.authorized()
            for path in ["/v3/access-request-status", "/beta/access-request-status"] {
                let items = try await client.requestedItems("filters=\(filter)", path: path)
                #expect(items.count == 3, "\(path)")
                let office = try #require(items.first { $0.accessRequestId == SeededRequests.office365.request })
                #expect(office.approvalDetails.compactMap(\.approvalId) == office.approvalIds, "\(path)")
                #expect(office.approvalDetails.map(\.status) == ["APPROVED", "PENDING"])
            }
            for path in ["/v2024/access-request-status", "/v2026/access-request-status", "/access-request-status/v1"] {
                let response = try await client.get("\(path)?filters=\(filter)", experimental: false)
                #expect(response.status == .badRequest, "\(path)")
            }
        }
    }

    @Test(
        "each sorter orders the list, with - for descending and ties broken by id",
        arguments: [
            "created", "-created", "modified", "-modified", "name", "-name", "accountActivityItemId",
            "-accountActivityItemId", "name,-created",
        ])
    func sorters(sorters: String) async throws {
        try await withSandbox { client in
            let items = try await client.authorized().requestedItems("sorters=\(sorters)")
            #expect(items.map(\.id) == Self.sorted(Self.seed, by: sorters).map(\.id))
        }
    }

    /// The seed sorted as `sorters` says, then by id.
    static func sorted(_ items: [TenantSnapshot.AccessRequestItem], by sorters: String) -> [TenantSnapshot
        .AccessRequestItem]
    {
        let keys = sorters.split(separator: ",").map { ($0.hasPrefix("-"), String($0.drop { $0 == "-" })) }
        func value(_ item: TenantSnapshot.AccessRequestItem, _ field: String) -> String {
            switch field {
            case "created": timestamp(item.created)
            case "modified": timestamp(item.modified)
            case "name": item.name
            case "accessRequestId": item.accessRequestID
            default: item.accountActivityItemID
            }
        }
        return items.sorted { lhs, rhs in
            for (descending, field) in keys where value(lhs, field) != value(rhs, field) {
                return descending ? value(lhs, field) > value(rhs, field) : value(lhs, field) < value(rhs, field)
            }
            return lhs.id < rhs.id
        }
    }

    @Test("requested-for, requested-by, regarding-identity and assigned-to narrow the list; me is the sandbox admin")
    func identities() async throws {
        let chloe = try #require(Self.seed.first { $0.requestedFor.name == "Chloe Dubois" }?.requestedFor.id)
        let jonas = try #require(Self.seed.first { $0.requester.name == "Jonas Berg" }?.requester.id)
        let david = try #require(Self.seed.flatMap(\.approvals).first { $0.owner.name == "David Kim" }?.owner.id)
        try await withSandbox { client in
            let client = try await client.authorized()
            let forChloe = try await client.requestedItems("requested-for=\(chloe)")
            #expect(forChloe.map(\.id) == Self.expected { $0.requestedFor.id == chloe })
            #expect(forChloe.count == 3)
            let byJonas = try await client.requestedItems("requested-by=\(jonas)&request-state=EXECUTING")
            #expect(byJonas.map(\.id) == Self.expected { $0.requester.id == jonas && $0.isPending })
            let regarding = try await client.requestedItems("regarding-identity=\(jonas)")
            #expect(regarding.map(\.id) == Self.expected { $0.requester.id == jonas || $0.requestedFor.id == jonas })
            let both = try await client.requestedItems("requested-for=\(chloe)&requested-by=\(jonas)")
            #expect(both.map(\.id) == Self.expected { $0.requestedFor.id == chloe && $0.requester.id == jonas })
            let assigned = try await client.requestedItems("assigned-to=\(david)")
            #expect(assigned.map(\.id) == Self.expected { $0.approvals.contains { $0.owner.id == david } })
            #expect(assigned.count >= 4)

            for parameter in ["requested-for", "requested-by", "regarding-identity", "assigned-to"] {
                #expect(try await client.requestedItems("\(parameter)=me").isEmpty, "\(parameter)")
                #expect(try await client.requestedItems("\(parameter)=\(randomHexID())").isEmpty, "\(parameter)")
            }
            for conflict in [
                "regarding-identity=\(jonas)&requested-for=\(chloe)", "regarding-identity=me&requested-by=me",
            ] {
                let response = try await client.get("/v2025/access-request-status?\(conflict)", experimental: false)
                #expect(response.status == .badRequest)
            }
        }
    }

    @Test("the administrators' list needs the experimental header and lists AccessRequestAdminItemStatus")
    func administration() async throws {
        try await withSandbox { client in
            let client = try await client.authorized()
            for path in [
                "/v2024/access-request-administration", "/v2025/access-request-administration",
                "/v2026/access-request-administration", "/beta/access-request-administration",
                "/access-request-administration/v1",
            ] {
                let refused = try await client.get(path, experimental: false)
                #expect(refused.status == .badRequest, "\(path)")
                #expect(try refused.decode(ErrorBody.self).text.contains("X-SailPoint-Experimental"))
                let listed = try await client.get(path + "?request-state=EXECUTING&count=true", experimental: true)
                #expect(listed.status == .ok, "\(path)")
                #expect(listed.totalCount == SeededRequests.pendingCount)
                let items = try listed.decode([RequestedItemShape].self)
                #expect(items.map(\.id) == Self.expected(\.isPending))
                #expect(items.allSatisfy { $0.approvalIds == nil && $0.reauthorizationRequired == false })
                let raw = try #require(
                    try JSONSerialization.jsonObject(with: Data(listed.text.utf8)) as? [[String: Any]])
                #expect(raw.allSatisfy { !$0.keys.contains("approvalIds") && !$0.keys.contains("privilegeLevel") })
                #expect(raw.allSatisfy { $0.keys.contains("form") } == path.hasSuffix("/v1"))
            }
            // The status list needs no header (sending it does no harm).
            #expect(try await client.get("/v2025/access-request-status", experimental: true).status == .ok)
        }
    }

    @Test(
        "the administrators' list filters on status, isnull, lt and sw as the reference lists, and sorts by accessRequestId",
        arguments: [
            "status eq", "status ne", "status in", "accountActivityItemId lt", "accountActivityItemId isnull",
            "created in", "created sw", "created isnull", "accessRequestId in",
        ])
    func administrationFilters(case: String) async throws {
        let pivot = try #require(Self.seed.first { $0.id == SeededRequests.revoke.item })
        let other = try #require(Self.seed.first { $0.id == SeededRequests.slack.item })
        let month = String(Self.timestamp(pivot.created).prefix(7))
        let (filter, include): (String, (TenantSnapshot.AccessRequestItem) -> Bool) =
            switch `case` {
            case "status eq": (#"status eq "CANCELLED""#, { $0.state == .cancelled })
            case "status ne": (#"status ne "EXECUTING""#, { !$0.isPending })
            case "status in":
                (#"status in ("REJECTED","REQUEST_COMPLETED")"#, { [.rejected, .requestCompleted].contains($0.state) })
            case "accountActivityItemId lt":
                (
                    #"accountActivityItemId lt "\#(pivot.accountActivityItemID)""#,
                    {
                        $0.accountActivityItemID < pivot.accountActivityItemID
                    }
                )
            case "accountActivityItemId isnull": ("accountActivityItemId isnull", { _ in false })
            case "created in":
                (
                    "created in (\(Self.timestamp(pivot.created)),\(Self.timestamp(other.created)))",
                    {
                        [pivot.created, other.created].contains($0.created)
                    }
                )
            case "created sw": ("created sw \(month)", { Self.timestamp($0.created).hasPrefix(month) })
            case "created isnull": ("not created isnull", { _ in true })
            default:
                (
                    #"accessRequestId in ("\#(pivot.accessRequestID)","\#(other.accessRequestID)")"#,
                    {
                        [pivot.accessRequestID, other.accessRequestID].contains($0.accessRequestID)
                    }
                )
            }
        let expected = Self.expected(include)
        try await withSandbox { client in
            let items = try await client.authorized().requestedItems(
                "filters=\(encoded(filter))", path: "/v2025/access-request-administration", experimental: true)
            #expect(items.map(\.id) == expected, "\(filter)")
        }
    }

    @Test("the administrators' list sorts by accessRequestId too")
    func administrationSorter() async throws {
        try await withSandbox { client in
            let items = try await client.authorized().requestedItems(
                "sorters=-accessRequestId,created", path: "/v2025/access-request-administration", experimental: true)
            #expect(items.map(\.id) == Self.sorted(Self.seed, by: "-accessRequestId,created").map(\.id))
        }
    }

    @Test(
        "a version without the operation is a 404",
        arguments: [
            ("GET", "/v3/access-request-administration"), ("POST", "/v3/access-requests/close"),
            ("POST", "/v3/access-requests/bulk-cancel"), ("POST", "/beta/access-requests/bulk-cancel"),
            ("POST", "/v3/access-request-approvals/bulk-approve"),
            ("POST", "/beta/access-request-approvals/bulk-approve"),
            ("GET", "/v2023/access-request-status"), ("GET", "/access-request-status/v2"),
        ])
    func missingVersions(method: String, path: String) async throws {
        try await withSandbox { client in
            let client = try await client.authorized()
            let response =
                method == "GET"
                ? try await client.get(path)
                : try await client.post(path, json: #"{"accessRequestIds":["x"],"approvalIds":["x"],"comment":"c"}"#)
            #expect(response.status == .notFound)
            #expect(try response.decode(ErrorBody.self).detailCode == "404 Not found")
        }
    }

    @Test("the lists need a token, like every API call")
    func needsToken() async throws {
        try await withSandbox { client throws in
            #expect(try await client.get("/v2025/access-request-status").status == .unauthorized)
            #expect(try await client.get("/v2025/access-request-administration").status == .unauthorized)
        }
    }
}
