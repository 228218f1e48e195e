import AccessPolicy
import Foundation
import Testing

@testable import ISCClient

@Suite("Access requests: the pending list, close, bulk cancel and bulk approve")
struct AccessRequestTests {
    static let close = CloseAccessRequests(
        requestIDs: ["request-1", "request-2"], message: "Closed by policy: pending over 30 days",
        executionStatus: .terminated, completionStatus: .failure)

    // MARK: Paths

    struct Expected: Sendable, CustomTestStringConvertible {
        var version: APIVersion
        var status: String
        var close: String
        var cancel: String
        var approve: String

        var testDescription: String { version.rawValue }
    }

    static let table: [Expected] = [
        Expected(
            version: .v2025, status: "/v2025/access-request-status", close: "/v2025/access-requests/close",
            cancel: "/v2025/access-requests/bulk-cancel", approve: "/v2025/access-request-approvals/bulk-approve"),
        Expected(
            version: .v2024, status: "/v2024/access-request-status", close: "/v2024/access-requests/close",
            cancel: "/v2024/access-requests/bulk-cancel", approve: "/v2024/access-request-approvals/bulk-approve"),
        Expected(
            version: .v2026, status: "/v2026/access-request-status", close: "/v2026/access-requests/close",
            cancel: "/v2026/access-requests/bulk-cancel", approve: "/v2026/access-request-approvals/bulk-approve"),
        Expected(
            version: .beta, status: "/beta/access-request-status", close: "/beta/access-requests/close",
            cancel: "/beta/access-requests/bulk-cancel", approve: "/beta/access-request-approvals/bulk-approve"),
        Expected(
            version: .v1, status: "/access-request-status/v1", close: "/access-requests/v1/close",
            cancel: "/access-requests/v1/bulk-cancel", approve: "/access-request-approvals/v1/bulk-approve"),
    ]

    @Test(
        "every operation uses the version's path and the standard headers; beta refuses bulk cancel and approve",
        arguments: table)
    func paths(expected: Expected) async throws {
        let api: @Sendable (RecordedRequest) async throws -> StubResponse = { request in
            switch request.label {
            case "GET \(expected.status)":
                return page(of: makePendingItems(3), for: request)
            case "POST \(expected.close)", "POST \(expected.cancel)", "POST \(expected.approve)":
                return .json("{}", status: 202)
            default:
                return .json(#"{"detailCode":"404 Not found","messages":[{"text":"no route"}]}"#, status: 404)
            }
        }
        try await StubServer.run(tenant(api: api)) { baseURL, log in
            let client = try ISCClient.forStub(baseURL, apiVersion: expected.version)
            #expect(try await client.listPendingAccessRequests().count == 3)
            try await client.closeAccessRequests(Self.close)
            if expected.version == .beta {
                let cancel = try await #require(throws: ISCError.self) {
                    try await client.cancelAccessRequests(requestIDs: ["request-1"], comment: "no longer needed")
                }
                #expect(cancel.kind == .configuration)
                #expect(cancel.description.contains("bulk cancel"))
                #expect(cancel.description.contains("needs v2024, v2025, v2026 or v1"))
                let approve = try await #require(throws: ISCError.self) {
                    try await client.approveAccessRequests(approvalIDs: ["approval-1"], comment: "confirmed")
                }
                #expect(approve.kind == .configuration)
                #expect(approve.description.contains("bulk approve"))
                #expect(approve.description.contains("needs v2024, v2025, v2026 or v1"))
            } else {
                try await client.cancelAccessRequests(requestIDs: ["request-1"], comment: "no longer needed")
                try await client.approveAccessRequests(approvalIDs: ["approval-1"], comment: "confirmed")
            }

            let labels = await log.apiRequests.map(\.label)
            let writes =
                expected.version == .beta
                ? ["POST \(expected.close)"]
                : ["POST \(expected.close)", "POST \(expected.cancel)", "POST \(expected.approve)"]
            #expect(labels == ["GET \(expected.status)"] + writes)
            for request in await log.apiRequests {
                #expect(request.header("X-SailPoint-Experimental") == "true", "\(request.label)")
                #expect(request.header("Accept") == "application/json", "\(request.label)")
                #expect(request.header("Authorization") == "Bearer token-1", "\(request.label)")
            }
            #expect(await log.count("POST", "/oauth/token") == 1)
        }
    }

    // MARK: Listing

    @Test("600 pending items arrive in 3 requests, request-state=EXECUTING on each, count=true on the first only")
    func paged() async throws {
        let items = makePendingItems(600)
        try await StubServer.run(
            tenant { request in
                try await Task.sleep(for: .milliseconds(20))  // long enough for the pages to overlap
                return page(of: items, for: request)
            }
        ) { baseURL, log in
            let events = EventRecorder()
            var configuration = testConfiguration(baseURL)
            configuration.concurrency = 2
            let client = try ISCClient(configuration: configuration, onEvent: events.handler)
            let listed = try await client.listPendingAccessRequests()
            #expect(listed.count == 600)
            #expect(listed.map(\.requestID) == (0..<600).map { "request-\(String(format: "%05d", $0))" })
            #expect(Set(listed.compactMap(\.itemRequestID)).count == 600)

            let gets = await log.requests("GET", "/v2025/access-request-status")
            #expect(gets.count == 3)
            #expect(gets.first?.rawQuery == "request-state=EXECUTING&offset=0&limit=250&count=true")
            #expect(gets.allSatisfy { $0.query("request-state") == "EXECUTING" })
            #expect(gets.allSatisfy { $0.query("limit") == "250" })
            #expect(gets.dropFirst().allSatisfy { $0.query("count") == nil })
            #expect(Set(gets.compactMap { $0.intQuery("offset") }) == [0, 250, 500])
            #expect(await client.statistics().peakInFlight <= 2)
            // Page events belong to the common-access progress line.
            #expect(await events.events().allSatisfy { if case .pageFetched = $0 { false } else { true } })
        }
    }

    @Test("the fields of a v2025 status element become a PendingAccessRequest")
    func fields() async throws {
        let body = "[" + requestedItemJSON(approvalIDs: ["approval-1", "approval-2", "approval-1"]) + "]"
        try await StubServer.run(tenant { _ in .json(body, headers: ["X-Total-Count": "1"]) }) { baseURL, _ in
            let client = try ISCClient.forStub(baseURL)
            let listed = try await client.listPendingAccessRequests()
            let item = try #require(listed.first)
            #expect(listed.count == 1)
            #expect(item.requestID == "request-1")
            #expect(item.itemRequestID == "item-1")
            #expect(item.approvalIDs == ["approval-1", "approval-2"])
            #expect(item.itemType == "ROLE")
            #expect(item.itemName == "Engineering Base")
            #expect(item.requestType == "GRANT_ACCESS")
            #expect(item.isGrant)
            #expect(item.requesterName == "Grace Hopper")
            #expect(item.requestedForName == "Alan Turing")
            #expect(abs(item.created.timeIntervalSince(defaultCreated)) < 0.001)
            #expect(item.cancelable)
        }
    }

    @Test("an item listed on two pages is noticed and the list read again")
    func duplicateReread() async throws {
        let items = makePendingItems(300)
        var repeated = items
        repeated[250] = items[249]
        let served = repeated
        let reads = Counter()
        try await StubServer.run(
            tenant { request in
                if request.query("count") == "true" { _ = await reads.next() }
                return page(of: await reads.value() == 1 ? served : items, for: request)
            }
        ) { baseURL, _ in
            let client = try ISCClient.forStub(baseURL)
            let listed = try await client.listPendingAccessRequests()
            #expect(listed.count == 300)
            #expect(Set(listed.compactMap(\.itemRequestID)).count == 300)
            #expect(await reads.value() == 2)
        }
    }

    @Test("a list that keeps shifting fails after three reads, naming the list")
    func shiftingForever() async throws {
        let items = makePendingItems(300)
        let grown = [requestedItemJSON(id: "new", accessRequestID: "request-new")] + items
        try await StubServer.run(
            tenant { request in
                (request.intQuery("offset") ?? 0) == 0 ? page(of: items, for: request) : page(of: grown, for: request)
            }
        ) { baseURL, _ in
            let client = try ISCClient.forStub(baseURL)
            let error = try await #require(throws: ISCError.self) { try await client.listPendingAccessRequests() }
            #expect(error.kind == .badResponse)
            #expect(error.description.contains("the access-request status list kept changing"))
            #expect(error.description.contains("offset 250 had 51 items, expected 50"))
        }
    }

    @Test("items without an id are told apart by accessRequestId, accountActivityItemId, type and name")
    func compositeKey() async throws {
        let distinct = [
            requestedItemJSON(id: nil, accessRequestID: "request-1", accountActivityItemID: "activity-1", name: "A"),
            requestedItemJSON(id: nil, accessRequestID: "request-1", accountActivityItemID: "activity-2", name: "A"),
            requestedItemJSON(id: nil, accessRequestID: "request-1", accountActivityItemID: "activity-2", name: "B"),
            requestedItemJSON(id: nil, accessRequestID: "request-2", accountActivityItemID: "activity-2", name: "B"),
            requestedItemJSON(
                id: nil, accessRequestID: "request-2", accountActivityItemID: "activity-2", name: "B",
                type: "ACCESS_PROFILE"),
        ]
        try await StubServer.run(tenant { page(of: distinct, for: $0) }) { baseURL, _ in
            let client = try ISCClient.forStub(baseURL)
            let listed = try await client.listPendingAccessRequests()
            #expect(listed.count == 5)
            #expect(listed.allSatisfy { $0.itemRequestID == nil })
            #expect(Set(listed.map(\.itemKey)).count == 5)
        }
        let twice = [distinct[1], distinct[1]]
        try await StubServer.run(tenant { page(of: twice, for: $0) }) { baseURL, _ in
            let client = try ISCClient.forStub(baseURL)
            let error = try await #require(throws: ISCError.self) { try await client.listPendingAccessRequests() }
            #expect(error.description.contains("1 unique items, but X-Total-Count was 2"))
        }
    }

    @Test("without X-Total-Count the client pages sequentially until a short page")
    func noTotalCount() async throws {
        let items = makePendingItems(260)
        try await StubServer.run(
            tenant { request in
                var response = page(of: items, for: request)
                response.headers["X-Total-Count"] = nil
                return response
            }
        ) { baseURL, log in
            let client = try ISCClient.forStub(baseURL)
            #expect(try await client.listPendingAccessRequests().count == 260)
            let gets = await log.requests("GET", "/v2025/access-request-status")
            #expect(gets.compactMap { $0.intQuery("offset") } == [0, 250])
            #expect(gets.allSatisfy { $0.query("request-state") == "EXECUTING" })
        }
    }

    // MARK: Lenient decoding

    @Test("without approvalIds the pending approvals of approvalDetails are used, as v3 and beta send them")
    func approvalDetailsFallback() async throws {
        let details =
            #""approvalDetails":[{"approvalId":"ap-1","status":"PENDING","forwarded":false},"#
            + #"{"approvalId":"ap-2","status":"APPROVED"},{"approvalId":"ap-3"},"stray",{"approvalId":null},"#
            + #"{"approvalId":"ap-1","status":"PENDING"}]"#
        let absent = #"{"id":"i-1","accessRequestId":"r-1","created":"2026-01-02T03:04:05Z",\#(details)}"#
        let null =
            #"{"id":"i-2","accessRequestId":"r-2","created":"2026-01-02T03:04:05Z","approvalIds":null,"#
            + #"\#(details)}"#
        let both =
            #"{"id":"i-3","accessRequestId":"r-3","created":"2026-01-02T03:04:05Z","approvalIds":["x-1"],"#
            + #"\#(details)}"#
        let neither = #"{"id":"i-4","accessRequestId":"r-4","created":"2026-01-02T03:04:05Z"}"#
        let body = "[\(absent),\(null),\(both),\(neither)]"
        try await StubServer.run(tenant { _ in .json(body, headers: ["X-Total-Count": "4"]) }) { baseURL, _ in
            let client = try ISCClient.forStub(baseURL)
            let listed = try await client.listPendingAccessRequests()
            // "both": one id for five details, one of them decided — which id is pending cannot be told.
            #expect(listed.map(\.approvalIDs) == [["ap-1", "ap-3"], ["ap-1", "ap-3"], [], []])
        }
    }

    @Test("approvalIds lists decided approvals too: the details' decisions narrow it, by id or by position")
    func decidedApprovalsLeftOut() async throws {
        func item(_ id: String, ids: String?, details: String) -> String {
            let approvalIds = ids.map { #","approvalIds":\#($0)"# } ?? ""
            return #"{"id":"\#(id)","accessRequestId":"r-\#(id)","created":"2026-01-02T03:04:05Z""#
                + #"\#(approvalIds),"approvalDetails":\#(details)}"#
        }
        let body =
            "["
            + [
                // Two levels, the first approved: by position only the second is pending.
                item("pos", ids: #"["lvl-1","lvl-2"]"#, details: #"[{"status":"APPROVED"},{"status":"PENDING"}]"#),
                // Details with their own ids win over approvalIds.
                item(
                    "own", ids: #"["lvl-1","lvl-2"]"#,
                    details: #"[{"approvalId":"b","status":"PENDING"},{"approvalId":"a","status":"APPROVED"}]"#),
                // Every approval decided: nothing to approve.
                item("done", ids: #"["lvl-1"]"#, details: #"[{"status":"APPROVED"}]"#),
                // Lengths differ but nothing is decided yet: every id is still pending.
                item("open", ids: #"["lvl-1","lvl-2"]"#, details: #"[{"status":"PENDING"}]"#),
                // Only the open approval listed in approvalIds, both levels in the details.
                item("only", ids: #"["lvl-2"]"#, details: #"[{"status":"APPROVED"},{"status":"PENDING"}]"#),
                // Three ids, two details, one decided: cannot be matched.
                item("odd", ids: #"["x","y","z"]"#, details: #"[{"status":"APPROVED"},{"status":"PENDING"}]"#),
                // No details at all: approvalIds as sent.
                item("bare", ids: #"["lvl-1"]"#, details: "[]"),
            ].joined(separator: ",") + "]"
        try await StubServer.run(tenant { _ in .json(body, headers: ["X-Total-Count": "7"]) }) { baseURL, _ in
            let client = try ISCClient.forStub(baseURL)
            let listed = try await client.listPendingAccessRequests()
            #expect(
                listed.map(\.approvalIDs) == [["lvl-2"], ["b"], [], ["lvl-1", "lvl-2"], ["lvl-2"], [], ["lvl-1"]])
        }
    }

    @Test("missing, null and wrongly typed display fields are dropped; unknown fields are ignored")
    func oddFields() async throws {
        let body = #"""
            [{"accessRequestId":"r-1","created":"2026-01-02T03:04:05Z","brandNew":{"nested":[1,{"x":null}]}},
             {"id":null,"accessRequestId":"r-2","created":"2026-01-02T03:04:05.5+02:00","name":{"en":"Eng"},
              "type":null,"requestType":null,"requester":"Grace","requestedFor":{"id":"i-1","name":["Alan"]},
              "approvalIds":["ap-1",7,null,"ap-2"],"cancelable":"true","state":null},
             {"id":17,"accessRequestId":"r-3","created":"2026-01-02T03:04:05.123456Z","name":42,"type":"ENTITLEMENT",
              "requestType":"REVOKE_ACCESS","requester":{"name":null},"cancelable":1,"approvalIds":"ap-9"}]
            """#
        try await StubServer.run(tenant { _ in .json(body, headers: ["X-Total-Count": "3"]) }) { baseURL, _ in
            let client = try ISCClient.forStub(baseURL)
            let listed = try await client.listPendingAccessRequests()
            try #require(listed.count == 3)

            let bare = listed[0]
            #expect(
                bare
                    == PendingAccessRequest(
                        requestID: "r-1", created: Date(timeIntervalSince1970: 1_767_323_045),
                        cancelable: false))

            let odd = listed[1]
            #expect(odd.itemRequestID == nil)
            #expect(odd.itemName == nil)
            #expect(odd.itemType == nil)
            #expect(odd.isGrant)
            #expect(odd.requesterName == nil)
            #expect(odd.requestedForName == nil)
            #expect(odd.approvalIDs == ["ap-1", "ap-2"])
            #expect(odd.cancelable)
            #expect(abs(odd.created.timeIntervalSince1970 - (1_767_323_045.5 - 7200)) < 0.001)

            let numbers = listed[2]
            #expect(numbers.itemRequestID == "17")
            #expect(numbers.itemName == "42")
            #expect(numbers.itemType == "ENTITLEMENT")
            #expect(!numbers.isGrant)
            #expect(numbers.requesterName == nil)
            #expect(numbers.approvalIDs == [])
            #expect(numbers.cancelable)
            #expect(abs(numbers.created.timeIntervalSince1970 - 1_767_323_045.123456) < 0.000_01)
        }
    }

    @Test("items whose state is present and not EXECUTING are dropped, even when unusable")
    func settledDropped() async throws {
        let items = [
            requestedItemJSON(id: "i-1", state: "EXECUTING"),
            requestedItemJSON(id: "i-2", state: "REQUEST_COMPLETED"),
            requestedItemJSON(id: "i-3", state: nil),
            requestedItemJSON(id: "i-4", accessRequestID: nil, state: "CANCELLED", created: nil),
            requestedItemJSON(id: "i-5", state: "REJECTED"),
            #"{"id":"i-6","accessRequestId":"r-6","created":"2026-01-02T03:04:05Z","state":{"value":"EXECUTING"}}"#,
            requestedItemJSON(id: "i-7", state: "executing"),
        ]
        try await StubServer.run(tenant { page(of: items, for: $0) }) { baseURL, _ in
            let client = try ISCClient.forStub(baseURL)
            let listed = try await client.listPendingAccessRequests()
            #expect(listed.map(\.itemRequestID) == ["i-1", "i-3", "i-7"])
        }
    }

    struct Unusable: Sendable, CustomTestStringConvertible {
        var what: String
        var item: String
        var message: String

        var testDescription: String { what }
    }

    static let unusable: [Unusable] = [
        Unusable(
            what: "created is not a date", item: requestedItemJSON(id: "i-1", name: "Payroll", created: "yesterday"),
            message: #"pending item 1 of the list (id "i-1", accessRequestId "request-1", name "Payroll") "#
                + #"has no usable created date ("yesterday")"#),
        Unusable(
            what: "created is missing", item: requestedItemJSON(id: "i-1", created: nil),
            message: #"pending item 1 of the list (id "i-1", accessRequestId "request-1", name "Engineering Base") "#
                + "has no usable created date"),
        Unusable(
            what: "created has no time zone", item: requestedItemJSON(id: "i-1", created: "2026-01-02T03:04:05"),
            message: #"has no usable created date ("2026-01-02T03:04:05")"#),
        Unusable(
            what: "accessRequestId is missing", item: requestedItemJSON(id: "i-1", accessRequestID: nil, name: nil),
            message: #"pending item 1 of the list (id "i-1") has no usable accessRequestId"#),
        Unusable(
            what: "accessRequestId is an object",
            item: #"{"accessRequestId":{"id":"r-1"},"created":"2026-01-02T03:04:05Z"}"#,
            message: "pending item 1 of the list (no id or name) has no usable accessRequestId"),
    ]

    @Test(
        "a pending item without accessRequestId or a usable created date fails the list, naming it",
        arguments: unusable)
    func unusableItem(unusable: Unusable) async throws {
        let body = "[\(requestedItemJSON(id: "i-0")),\(unusable.item)]"
        try await StubServer.run(tenant { _ in .json(body, headers: ["X-Total-Count": "2"]) }) { baseURL, log in
            let client = try ISCClient.forStub(baseURL)
            let error = try await #require(throws: ISCError.self) { try await client.listPendingAccessRequests() }
            #expect(error.kind == .badResponse)
            #expect(error.path == "/v2025/access-request-status")
            #expect(error.description.contains(unusable.message), "\(error)")
            #expect(await log.count("GET", "/v2025/access-request-status") == 1)
        }
    }

    @Test("the position in an error counts from the start of the list, not of the page")
    func positionAcrossPages() async throws {
        var items = makePendingItems(260)
        items[255] = requestedItemJSON(id: "bad", created: "soon")
        let served = items
        try await StubServer.run(tenant { page(of: served, for: $0) }) { baseURL, _ in
            let client = try ISCClient.forStub(baseURL)
            let error = try await #require(throws: ISCError.self) { try await client.listPendingAccessRequests() }
            #expect(error.description.contains(#"pending item 255 of the list (id "bad""#), "\(error)")
        }
    }

    @Test("a body that is not an array of objects is a bad response")
    func notAnArray() async throws {
        try await StubServer.run(tenant { _ in .json(#"{"items":[]}"#) }) { baseURL, _ in
            let client = try ISCClient.forStub(baseURL)
            let error = try await #require(throws: ISCError.self) { try await client.listPendingAccessRequests() }
            #expect(error.kind == .badResponse)
            #expect(
                error.description.hasPrefix(
                    "GET /v2025/access-request-status: 200 OK — the response body is not the expected JSON"))
        }
    }

    @Test("tenant text echoing the secret is scrubbed from a decoding error")
    func secretScrubbed() async throws {
        let name = canarySecret.replacing("\"", with: "\\\"")
        let body = "[" + requestedItemJSON(name: name, created: "never") + "]"
        try await StubServer.run(tenant { _ in .json(body, headers: ["X-Total-Count": "1"]) }) { baseURL, _ in
            let client = try ISCClient.forStub(baseURL)
            let error = try await #require(throws: ISCError.self) { try await client.listPendingAccessRequests() }
            #expect(error.description.contains(#"name "<redacted>""#), "\(error)")
            #expect(!error.description.contains("canary"))
        }
    }

    // MARK: Writes

    @Test("close sends accessRequestIds, message, executionStatus and completionStatus")
    func closeBody() async throws {
        try await StubServer.run(tenant { _ in .json("{}", status: 202) }) { baseURL, log in
            let client = try ISCClient.forStub(baseURL)
            try await client.closeAccessRequests(
                CloseAccessRequests(
                    requestIDs: ["r-1", "r-2", "r-1"], message: #"Closed by "policy" / stale"#,
                    executionStatus: .completed, completionStatus: .incomplete))
            let post = try #require(await log.requests("POST", "/v2025/access-requests/close").first)
            #expect(post.header("Content-Type") == "application/json")
            #expect(
                post.body
                    == #"{"accessRequestIds":["r-1","r-2"],"completionStatus":"Incomplete","#
                    + #""executionStatus":"Completed","message":"Closed by \"policy\" / stale"}"#)
        }
    }

    @Test("bulk cancel sends accessRequestIds and comment")
    func cancelBody() async throws {
        try await StubServer.run(tenant { _ in .json("{}", status: 202) }) { baseURL, log in
            let client = try ISCClient.forStub(baseURL)
            try await client.cancelAccessRequests(requestIDs: ["r-1", "r-2"], comment: "Pending over 14 days")
            let post = try #require(await log.requests("POST", "/v2025/access-requests/bulk-cancel").first)
            #expect(post.header("Content-Type") == "application/json")
            #expect(post.body == #"{"accessRequestIds":["r-1","r-2"],"comment":"Pending over 14 days"}"#)
        }
    }

    @Test("bulk approve sends approvalIds, not accessRequestIds as the spec's example shows")
    func approveBody() async throws {
        try await StubServer.run(tenant { _ in .json("{}", status: 202) }) { baseURL, log in
            let client = try ISCClient.forStub(baseURL)
            try await client.approveAccessRequests(approvalIDs: ["ap-1", "ap-2"], comment: "Confirmed common access")
            let post = try #require(await log.requests("POST", "/v2025/access-request-approvals/bulk-approve").first)
            #expect(post.header("Content-Type") == "application/json")
            #expect(post.body == #"{"approvalIds":["ap-1","ap-2"],"comment":"Confirmed common access"}"#)
            #expect(!post.body.contains("accessRequestIds"))
        }
    }

    @Test("writes accept 200, 202 and 204", arguments: [200, 202, 204])
    func acceptedStatuses(status: Int) async throws {
        try await StubServer.run(tenant { _ in StubResponse(status: status, body: status == 204 ? "" : "{}") }) {
            baseURL, log in
            let client = try ISCClient.forStub(baseURL)
            try await client.closeAccessRequests(Self.close)
            try await client.cancelAccessRequests(requestIDs: ["r-1"], comment: "c")
            try await client.approveAccessRequests(approvalIDs: ["ap-1"], comment: "c")
            #expect(await log.apiRequests.count == 3)
        }
    }

    enum Write: String, Sendable, CaseIterable {
        case close, cancel, approve

        var path: String {
            switch self {
            case .close: "/v2025/access-requests/close"
            case .cancel: "/v2025/access-requests/bulk-cancel"
            case .approve: "/v2025/access-request-approvals/bulk-approve"
            }
        }

        var limit: Int {
            switch self {
            case .close: AccessRequestLimits.close
            case .cancel: AccessRequestLimits.cancel
            case .approve: AccessRequestLimits.approve
            }
        }

        func send(_ ids: [String], with client: ISCClient) async throws {
            switch self {
            case .close:
                try await client.closeAccessRequests(
                    CloseAccessRequests(
                        requestIDs: ids, message: "m", executionStatus: .terminated, completionStatus: .failure))
            case .cancel: try await client.cancelAccessRequests(requestIDs: ids, comment: "c")
            case .approve: try await client.approveAccessRequests(approvalIDs: ids, comment: "c")
            }
        }
    }

    static func ids(_ count: Int) -> [String] { (0..<count).map { "id-\($0)" } }

    @Test(
        "batches outside the documented limits are refused before anything is sent",
        arguments: [
            (Write.close, 0), (Write.close, 501), (Write.cancel, 0), (Write.cancel, 51), (Write.approve, 0),
            (Write.approve, 51),
        ])
    func limitsRefused(write: Write, count: Int) async throws {
        try await StubServer.run(tenant { _ in .json("{}", status: 202) }) { baseURL, log in
            let client = try ISCClient.forStub(baseURL)
            let error = try await #require(throws: ISCError.self) {
                try await write.send(Self.ids(count), with: client)
            }
            #expect(error.kind == .configuration)
            #expect(error.description.contains("takes 1 to \(write.limit)"), "\(error)")
            #expect(error.description.contains("not \(count)"), "\(error)")
            #expect(await log.requests.isEmpty)
        }
    }

    @Test("a batch at the limit is sent whole; an empty id is refused", arguments: Write.allCases)
    func atLimit(write: Write) async throws {
        try await StubServer.run(tenant { _ in .json("{}", status: 202) }) { baseURL, log in
            let client = try ISCClient.forStub(baseURL)
            try await write.send(Self.ids(write.limit), with: client)
            let post = try #require(await log.requests("POST", write.path).first)
            let body = try #require(try JSONSerialization.jsonObject(with: Data(post.body.utf8)) as? [String: Any])
            let key = write == .approve ? "approvalIds" : "accessRequestIds"
            #expect((body[key] as? [String])?.count == write.limit)

            let error = try await #require(throws: ISCError.self) { try await write.send(["id-1", ""], with: client) }
            #expect(error.kind == .configuration)
            #expect(await log.apiRequests.count == 1)
        }
    }

    /// A stub for the write tests: the status list shows `id-1` (request and approval) still pending, so a
    /// retry finds the write not done and sends it again; every other request gets `write`'s answer.
    static func stillPending(
        _ write: @escaping @Sendable (RecordedRequest) async throws -> StubResponse
    ) -> @Sendable (RecordedRequest) async throws -> StubResponse {
        tenant { request in
            guard request.method == "GET" else { return try await write(request) }
            return page(of: [requestedItemJSON(accessRequestID: "id-1", approvalIDs: ["id-1"])], for: request)
        }
    }

    @Test("a write that fails with a 5xx is retried until it succeeds", arguments: Write.allCases)
    func retried(write: Write) async throws {
        let attempts = Counter()
        try await StubServer.run(
            Self.stillPending { _ in
                await attempts.next() == 1
                    ? .json(#"{"detailCode":"500.0 Internal Fault","messages":[{"text":"oops"}]}"#, status: 500)
                    : .json("{}", status: 202)
            }
        ) { baseURL, log in
            let client = try ISCClient.forStub(baseURL)
            try await write.send(["id-1"], with: client)
            let posts = await log.requests("POST", write.path)
            #expect(posts.count == 2)
            #expect(posts.map(\.body).allSatisfy { $0 == posts.first?.body })
            #expect(await client.statistics().retries == 1)
        }
    }

    @Test(
        "a write that took effect but answered 500 is found done in the pending list, not sent again",
        arguments: Write.allCases)
    func doneDespite500(write: Write) async throws {
        let written = Counter()
        try await StubServer.run(
            tenant { request in
                if request.method == "GET" {
                    // Before the write, id-1 is pending; after it, the list no longer shows it.
                    let items =
                        await written.value() == 0
                        ? [requestedItemJSON(accessRequestID: "id-1", approvalIDs: ["id-1"])] : []
                    return page(of: items, for: request)
                }
                _ = await written.next()
                return .json(#"{"detailCode":"502","messages":[{"text":"bad gateway"}]}"#, status: 502)
            }
        ) { baseURL, log in
            let client = try ISCClient.forStub(baseURL)
            try await write.send(["id-1"], with: client)
            #expect(await log.count("POST", write.path) == 1)
            #expect(await log.count("GET", "/v2025/access-request-status") == 1)
        }
    }

    @Test("a 429 on a write pauses the client for Retry-After and the write is sent again", arguments: Write.allCases)
    func rateLimited(write: Write) async throws {
        let attempts = Counter()
        try await StubServer.run(
            Self.stillPending { _ in
                await attempts.next() == 1
                    ? .json(#"{"message":" Rate Limit Exceeded "}"#, status: 429, headers: ["Retry-After": "0"])
                    : .json("{}", status: 202)
            }
        ) { baseURL, log in
            let client = try ISCClient.forStub(baseURL)
            try await write.send(["id-1"], with: client)
            #expect(await log.count("POST", write.path) == 2)
            #expect(await client.statistics().rateLimitedResponses == 1)
        }
    }

    @Test("a write that keeps failing with 5xx gives up after maxAttempts with the tenant's error")
    func givesUp() async throws {
        try await StubServer.run(
            Self.stillPending { _ in
                .json(
                    #"{"detailCode":"500.0 Internal Fault","trackingId":"t-500","#
                        + #""messages":[{"text":"An internal fault occurred."}]}"#,
                    status: 500)
            }
        ) { baseURL, log in
            let client = try ISCClient.forStub(baseURL) { $0.maxAttempts = 3 }
            let error = try await #require(throws: ISCError.self) { try await Write.close.send(["id-1"], with: client) }
            #expect(error.kind == .server)
            #expect(error.attempts == 3)
            #expect(error.trackingID == "t-500")
            #expect(await log.count("POST", "/v2025/access-requests/close") == 3)
            // Before each retry the list was read to see whether the close took effect after all.
            #expect(await log.count("GET", "/v2025/access-request-status") == 2)
        }
    }

    @Test("a refused write is not retried and keeps detailCode, message and trackingId", arguments: Write.allCases)
    func errorDecoded(write: Write) async throws {
        try await StubServer.run(
            tenant { _ in
                .json(
                    #"{"detailCode":"400.1 Bad Request Content","trackingId":"e7eab60924f64aa284175b9fa3309599","#
                        + #""messages":[{"locale":"en-US","localeOrigin":"DEFAULT","#
                        + #""text":"The request was syntactically correct but its content is "#
                        + #"semantically invalid."}]}"#,
                    status: 400)
            }
        ) { baseURL, log in
            let client = try ISCClient.forStub(baseURL)
            let error = try await #require(throws: ISCError.self) { try await write.send(["id-1"], with: client) }
            #expect(error.kind == .badRequest)
            #expect(error.method == "POST")
            #expect(error.path == write.path)
            #expect(error.detailCode == "400.1 Bad Request Content")
            #expect(error.trackingID == "e7eab60924f64aa284175b9fa3309599")
            #expect(error.message == "The request was syntactically correct but its content is semantically invalid.")
            #expect(
                error.description
                    == "POST \(write.path): 400 400.1 Bad Request Content — The request was syntactically correct "
                    + "but its content is semantically invalid. (trackingId e7eab60924f64aa284175b9fa3309599)")
            #expect(await log.count("POST", write.path) == 1)
        }
    }

    @Test("a 403 on the list keeps the tenant's fields and hints at the missing scope")
    func listForbidden() async throws {
        try await StubServer.run(
            tenant { _ in
                .json(
                    #"{"detailCode":"403 Forbidden","trackingId":"t-403","#
                        + #""messages":[{"text":"The server understood the request but refuses to authorize it."}]}"#,
                    status: 403)
            }
        ) { baseURL, log in
            let client = try ISCClient.forStub(baseURL)
            let error = try await #require(throws: ISCError.self) { try await client.listPendingAccessRequests() }
            #expect(error.kind == .forbidden)
            #expect(error.detailCode == "403 Forbidden")
            #expect(error.trackingID == "t-403")
            #expect(error.description.contains("lacks a scope"))
            #expect(await log.count("GET", "/v2025/access-request-status") == 1)
        }
    }

    @Test("list pages that fail with 503 are retried")
    func pageRetried() async throws {
        let items = makePendingItems(300)
        let failures = Counter()
        try await StubServer.run(
            tenant { request in
                if (request.intQuery("offset") ?? 0) == 250, await failures.next() == 1 {
                    return .json(#"{"detailCode":"503","messages":[{"text":"busy"}]}"#, status: 503)
                }
                return page(of: items, for: request)
            }
        ) { baseURL, log in
            let client = try ISCClient.forStub(baseURL)
            #expect(try await client.listPendingAccessRequests().count == 300)
            #expect(await log.count("GET", "/v2025/access-request-status") == 3)
            #expect(await client.statistics().retries == 1)
        }
    }
}
