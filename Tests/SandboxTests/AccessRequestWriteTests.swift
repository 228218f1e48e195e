import AccessPolicyTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Sandbox
import Testing

@Suite("POST …/access-requests/close, …/bulk-cancel and …/access-request-approvals/bulk-approve")
struct AccessRequestWriteTests {
    static let close = "/v2025/access-requests/close"
    static let cancel = "/v2025/access-requests/bulk-cancel"
    static let approve = "/v2025/access-request-approvals/bulk-approve"

    // MARK: - close

    @Test(
        "close ends every pending item of the identity requests as TERMINATED with the default message, 202 {}",
        arguments: Transport.allCases)
    func closeDefaults(transport: Transport) async throws {
        try await withSandbox(transport) { client in
            let client = try await client.authorized()
            let response = try await client.post(
                Self.close,
                object: ["accessRequestIds": [SeededRequests.oldCancelable.request, SeededRequests.oldStuck.request]])
            #expect(response.status == .accepted)
            #expect(response.text == "{}")

            let items = try await client.requestedItems()
            for id in [SeededRequests.oldCancelable.item, SeededRequests.oldStuck.item] {
                let item = try #require(items.first { $0.id == id })
                #expect(item.state == "TERMINATED")
                #expect(!item.cancelable)
                #expect(
                    item.errorMessages?.first?.first?.text
                        == "The IdentityNow Administrator manually closed this request.")
                #expect(item.approvalDetails.allSatisfy { $0.status != "PENDING" })
            }
            let pending = try await client.requestedItems("request-state=EXECUTING")
            #expect(pending.count == SeededRequests.pendingCount - 2)
            #expect(!pending.contains { $0.id == SeededRequests.oldStuck.item })
        }
    }

    @Test("close with Completed ends items as REQUEST_COMPLETED and records the message; all items of a request")
    func closeCompleted() async throws {
        try await withSandbox { client in
            let client = try await client.authorized()
            let response = try await client.post(
                "/beta/access-requests/close",
                object: [
                    "accessRequestIds": [SeededRequests.twoItems], "message": "Closed by policy: pending over 30 days",
                    "executionStatus": "Completed", "completionStatus": "Success",
                ])
            #expect(response.status == .accepted)
            let items = try await client.requestedItems().filter { $0.accessRequestId == SeededRequests.twoItems }
            #expect(items.count == 2)
            #expect(items.allSatisfy { $0.state == "REQUEST_COMPLETED" && !$0.cancelable })
            #expect(
                items.allSatisfy { $0.errorMessages?.first?.first?.text == "Closed by policy: pending over 30 days" })
        }
    }

    @Test("close takes 1 to 500 ids: 0 and 501 are a 400, 500 (repeats included) is accepted")
    func closeLimits() async throws {
        try await withSandbox { client in
            let client = try await client.authorized()
            for count in [0, 501] {
                let ids = Array(repeating: SeededRequests.oldCancelable.request, count: count)
                let response = try await client.post(Self.close, object: ["accessRequestIds": ids])
                #expect(response.status == .badRequest, "\(count)")
                #expect(try response.decode(ErrorBody.self).text.contains("1 to 500"))
            }
            #expect(try await client.requestedItems("request-state=EXECUTING").count == SeededRequests.pendingCount)
            let ids = Array(repeating: SeededRequests.oldCancelable.request, count: 500)
            #expect(try await client.post(Self.close, object: ["accessRequestIds": ids]).status == .accepted)
            #expect(try await client.requestedItem(SeededRequests.oldCancelable.item).state == "TERMINATED")
        }
    }

    @Test("an unknown id fails the whole close and closes nothing; an item id is explained")
    func closeUnknown() async throws {
        try await withSandbox { client in
            let client = try await client.authorized()
            let before = try await client.requestedItems()
            let unknown = randomHexID()
            let response = try await client.post(
                Self.close, object: ["accessRequestIds": [SeededRequests.oldCancelable.request, unknown]])
            #expect(response.status == .badRequest)
            let text = try response.decode(ErrorBody.self).text
            #expect(text.contains(unknown) && !text.contains(SeededRequests.oldCancelable.request))
            #expect(try await client.requestedItems() == before)

            let mixUp = try await client.post(Self.close, object: ["accessRequestIds": [SeededRequests.oldStuck.item]])
            #expect(mixUp.status == .badRequest)
            #expect(try mixUp.decode(ErrorBody.self).text.contains(SeededRequests.oldStuck.request))
            #expect(try await client.requestedItems() == before)
        }
    }

    @Test("closing a finished request, or closing twice, is accepted and changes nothing")
    func closeFinished() async throws {
        try await withSandbox { client in
            let client = try await client.authorized()
            let before = try await client.requestedItems()
            let finished = [SeededRequests.completed, SeededRequests.cancelled, SeededRequests.rejected]
            #expect(try await client.post(Self.close, object: ["accessRequestIds": finished]).status == .accepted)
            #expect(try await client.requestedItems() == before)

            let ids = [SeededRequests.revoke.request]
            #expect(try await client.post(Self.close, object: ["accessRequestIds": ids]).status == .accepted)
            let closed = try await client.requestedItem(SeededRequests.revoke.item)
            #expect(try await client.post(Self.close, object: ["accessRequestIds": ids]).status == .accepted)
            #expect(try await client.requestedItem(SeededRequests.revoke.item) == closed)
        }
    }

    @Test(
        "a malformed close body is a 400",
        arguments: [
            "{}", "[]", #"{"accessRequestIds":"ID"}"#, #"{"accessRequestIds":[7]}"#, #"{"accessRequestIds":[""]}"#,
            #"{"accessRequestIds":["ID"],"executionStatus":"TERMINATED"}"#,
            #"{"accessRequestIds":["ID"],"completionStatus":"Failed"}"#, #"{"accessRequestIds":["ID"],"message":3}"#,
            #"{"accessRequestIds":["ID"],"comment":"x"}"#, #"{"accessRequestIDs":["ID"]}"#,
        ])
    func closeMalformed(body: String) async throws {
        try await withSandbox { client in
            let client = try await client.authorized()
            let json = body.replacingOccurrences(of: "\"ID\"", with: "\"\(SeededRequests.oldCancelable.request)\"")
            let response = try await client.post(Self.close, json: json, experimental: false)
            #expect(response.status == .badRequest)
            #expect(try await client.requestedItem(SeededRequests.oldCancelable.item).state == "EXECUTING")
        }
    }

    // MARK: - bulk-cancel

    @Test(
        "bulk-cancel cancels every item of the identity requests and records the comment", arguments: Transport.allCases
    )
    func cancel(transport: Transport) async throws {
        try await withSandbox(transport) { client in
            let client = try await client.authorized()
            let response = try await client.post(
                Self.cancel,
                object: [
                    "accessRequestIds": [SeededRequests.oldCancelable.request, SeededRequests.twoItems],
                    "comment": "Pending over 14 days",
                ])
            #expect(response.status == .accepted)
            #expect(response.text == "{}")
            let cancelled = try await client.requestedItems().filter {
                [SeededRequests.oldCancelable.request, SeededRequests.twoItems].contains($0.accessRequestId)
            }
            #expect(cancelled.count == 3)
            for item in cancelled {
                #expect(item.state == "CANCELLED")
                #expect(!item.cancelable)
                #expect(item.cancelledRequestDetails?.comment == "Pending over 14 days")
                #expect(item.cancelledRequestDetails?.owner.name == "Sandbox Administrator")
                #expect(item.approvalDetails.allSatisfy { $0.status == "CANCELLED" })
            }
            #expect(
                try await client.requestedItems("request-state=EXECUTING").count == SeededRequests.pendingCount - 3)
        }
    }

    @Test("bulk-cancel takes 1 to 50 ids and a comment; otherwise a 400")
    func cancelLimits() async throws {
        try await withSandbox { client in
            let client = try await client.authorized()
            let id = SeededRequests.oldCancelable.request
            for body: [String: any Sendable] in [
                ["accessRequestIds": Array(repeating: id, count: 51), "comment": "c"],
                ["accessRequestIds": [String](), "comment": "c"], ["accessRequestIds": [id]],
                ["accessRequestIds": [id], "comment": ""], ["comment": "c"],
            ] {
                #expect(try await client.post(Self.cancel, object: body).status == .badRequest)
            }
            #expect(try await client.requestedItem(SeededRequests.oldCancelable.item).state == "EXECUTING")
            let fifty = ["accessRequestIds": Array(repeating: id, count: 50), "comment": "c"] as [String: any Sendable]
            #expect(try await client.post(Self.cancel, object: fifty).status == .accepted)
            #expect(try await client.requestedItem(SeededRequests.oldCancelable.item).state == "CANCELLED")
        }
    }

    @Test("a request past its approval step cannot be cancelled: 400 naming it, and nothing is cancelled")
    func cancelNotCancelable() async throws {
        try await withSandbox { client in
            let client = try await client.authorized()
            let before = try await client.requestedItems()
            for stuck in [SeededRequests.oldStuck.request, SeededRequests.mixed, SeededRequests.completed] {
                let response = try await client.post(
                    Self.cancel,
                    object: ["accessRequestIds": [SeededRequests.oldCancelable.request, stuck], "comment": "c"])
                #expect(response.status == .badRequest)
                let text = try response.decode(ErrorBody.self).text
                #expect(text.contains(stuck) && !text.contains(SeededRequests.oldCancelable.request))
            }
            let unknown = try await client.post(
                Self.cancel, object: ["accessRequestIds": [randomHexID()], "comment": "c"])
            #expect(unknown.status == .badRequest)
            #expect(try await client.requestedItems() == before)
        }
    }

    @Test("cancelling a request already cancelled is accepted and changes nothing")
    func cancelTwice() async throws {
        try await withSandbox { client in
            let client = try await client.authorized()
            let before = try await client.requestedItems()
            let body: [String: any Sendable] = ["accessRequestIds": [SeededRequests.cancelled], "comment": "again"]
            #expect(try await client.post(Self.cancel, object: body).status == .accepted)
            #expect(try await client.requestedItems() == before)
        }
    }

    // MARK: - bulk-approve

    @Test(
        "bulk-approve approves by approval id; an item whose approvals are all approved completes",
        arguments: Transport.allCases)
    func approve(transport: Transport) async throws {
        try await withSandbox(transport) { client in
            let client = try await client.authorized()
            let response = try await client.post(
                Self.approve,
                object: [
                    "approvalIds": [SeededRequests.slack.approval, SeededRequests.office365.pending],
                    "comment": "Confirmed common access",
                ])
            #expect(response.status == .accepted)
            #expect(response.text == "{}")
            let items = try await client.requestedItems()
            let slack = try #require(items.first { $0.id == SeededRequests.slack.item })
            #expect(slack.state == "REQUEST_COMPLETED")
            #expect(!slack.cancelable)
            let decision = try #require(slack.approvalDetails.first)
            #expect(decision.status == "APPROVED")
            #expect(decision.comment == "Confirmed common access")
            #expect(decision.currentOwner?.name == "Sandbox Administrator")
            #expect(decision.modified != nil)
            let office = try #require(items.first { $0.accessRequestId == SeededRequests.office365.request })
            #expect(office.state == "REQUEST_COMPLETED")
            #expect(office.approvalDetails.map(\.status) == ["APPROVED", "APPROVED"])
            let pending = try await client.requestedItems("request-state=EXECUTING")
            #expect(pending.count == SeededRequests.pendingCount - 2)
        }
    }

    @Test("approving one of two pending approvals leaves the item pending and still cancelable")
    func approvePartly() async throws {
        try await withSandbox { client in
            let client = try await client.authorized()
            let first = SeededRequests.domainAdmins.approvals[0]
            #expect(
                try await client.post(Self.approve, object: ["approvalIds": [first], "comment": "ok"]).status
                    == .accepted)
            let item = try await client.requestedItem(SeededRequests.domainAdmins.item)
            #expect(item.state == "EXECUTING")
            #expect(item.cancelable)
            #expect(item.approvalDetails.map(\.status) == ["APPROVED", "PENDING"])
        }
    }

    @Test("bulk-approve takes 1 to 50 approval ids and a comment; otherwise a 400")
    func approveLimits() async throws {
        try await withSandbox { client in
            let client = try await client.authorized()
            let id = SeededRequests.slack.approval
            for body: [String: any Sendable] in [
                ["approvalIds": Array(repeating: id, count: 51), "comment": "c"],
                ["approvalIds": [String](), "comment": "c"],
                ["approvalIds": [id]], ["approvalIds": [id], "comment": ""],
                ["accessRequestIds": [id], "comment": "c"],
            ] {
                #expect(try await client.post(Self.approve, object: body).status == .badRequest)
            }
            #expect(try await client.requestedItem(SeededRequests.slack.item).state == "EXECUTING")
            let fifty = ["approvalIds": Array(repeating: id, count: 50), "comment": "c"] as [String: any Sendable]
            #expect(try await client.post(Self.approve, object: fifty).status == .accepted)
            #expect(try await client.requestedItem(SeededRequests.slack.item).state == "REQUEST_COMPLETED")
        }
    }

    @Test("an unknown or already decided approval fails the whole call and approves nothing")
    func approveRefused() async throws {
        try await withSandbox { client in
            let client = try await client.authorized()
            let before = try await client.requestedItems()
            let unknown = randomHexID()
            for (refused, says) in [
                (unknown, unknown), (SeededRequests.office365.approved, "APPROVED"),
                (SeededRequests.slack.request, SeededRequests.slack.approval),
            ] {
                let response = try await client.post(
                    Self.approve, object: ["approvalIds": [SeededRequests.slack.approval, refused], "comment": "c"])
                #expect(response.status == .badRequest)
                #expect(try response.decode(ErrorBody.self).text.contains(says))
            }
            #expect(try await client.requestedItems() == before)

            // Once approved, approving again is a 400 too: a client re-reads before it retries.
            let body: [String: any Sendable] = ["approvalIds": [SeededRequests.slack.approval], "comment": "c"]
            #expect(try await client.post(Self.approve, object: body).status == .accepted)
            #expect(try await client.post(Self.approve, object: body).status == .badRequest)
            // The approvals of a cancelled request are cancelled, not approvable.
            let cancel: [String: any Sendable] = [
                "accessRequestIds": [SeededRequests.domainAdmins.request], "comment": "c",
            ]
            #expect(try await client.post(Self.cancel, object: cancel).status == .accepted)
            let approval: [String: any Sendable] = [
                "approvalIds": SeededRequests.domainAdmins.approvals, "comment": "c",
            ]
            #expect(try await client.post(Self.approve, object: approval).status == .badRequest)
        }
    }

    // MARK: - Versions, gateway, persistence, faults

    @Test("every version that has an operation serves it")
    func versions() async throws {
        try await withSandbox { client in
            let client = try await client.authorized()
            for path in [
                "/v2024/access-requests/close", "/v2026/access-requests/close", "/beta/access-requests/close",
                "/access-requests/v1/close",
            ] {
                let response = try await client.post(path, object: ["accessRequestIds": [SeededRequests.completed]])
                #expect(response.status == .accepted, "\(path)")
            }
            for path in [
                "/v2024/access-requests/bulk-cancel", "/v2026/access-requests/bulk-cancel",
                "/access-requests/v1/bulk-cancel",
            ] {
                let response = try await client.post(
                    path, object: ["accessRequestIds": [SeededRequests.cancelled], "comment": "c"])
                #expect(response.status == .accepted, "\(path)")
            }
            for path in [
                "/v2024/access-request-approvals/bulk-approve", "/v2026/access-request-approvals/bulk-approve",
                "/access-request-approvals/v1/bulk-approve",
            ] {
                let response = try await client.post(path, object: ["approvalIds": [randomHexID()], "comment": "c"])
                #expect(response.status == .badRequest, "\(path)")
                #expect(try response.decode(ErrorBody.self).text.contains("nknown approval"))
            }
            for path in ["/v2024/access-request-status", "/v2026/access-request-status", "/v3/access-request-status"] {
                #expect(try await client.get(path, experimental: false).status == .ok, "\(path)")
            }
        }
    }

    @Test("writes need a token and are counted as writes by route")
    func gateway() async throws {
        let metrics = SandboxMetrics()
        try await withSandbox(metrics: metrics) { client in
            let anonymous = try await client.post(
                Self.close, object: ["accessRequestIds": [SeededRequests.oldCancelable.request]])
            #expect(anonymous.status == .unauthorized)
            let client = try await client.authorized()
            _ = try await client.post(Self.close, object: ["accessRequestIds": [SeededRequests.completed]])
            _ = try await client.requestedItems()
        }
        let snapshot = await metrics.snapshot()
        #expect(snapshot.requestsByRoute["POST /v2025/access-requests/close"] == 2)
        #expect(snapshot.requestsByRoute["GET /v2025/access-request-status"] == 1)
        #expect(snapshot.writeRequests == 2)
    }

    @Test("writes are saved to the tenant file and a store opened from it sees them")
    func persisted() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sandbox-ar-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent(".accesspolicy/sandbox-tenant.json")
        let store = try TenantStore.open(at: file)
        try await withSandbox(store: store) { client in
            let client = try await client.authorized()
            _ = try await client.post(Self.close, object: ["accessRequestIds": [SeededRequests.oldStuck.request]])
            _ = try await client.post(
                Self.approve, object: ["approvalIds": [SeededRequests.slack.approval], "comment": "c"])
        }
        let saved = try await TenantStore.open(at: file).snapshot()
        #expect(saved == (await store.snapshot()))
        #expect(saved.accessRequests.first { $0.id == SeededRequests.oldStuck.item }?.state == .terminated)
        #expect(saved.accessRequests.first { $0.id == SeededRequests.slack.item }?.state == .requestCompleted)
    }

    @Test("with writeDelay a write shows only later, but a second write already sees it")
    func delayed() async throws {
        let clock = ManualClock()
        let time = manualTime(clock)
        let store = TenantStore(now: time.date)
        let configuration = SandboxConfiguration(writeDelay: .seconds(4), time: time)
        try await withSandbox(store: store, configuration: configuration) { client in
            let client = try await client.authorized()
            let before = try await client.requestedItems()
            let ids = [SeededRequests.oldCancelable.request]
            #expect(try await client.post(Self.close, object: ["accessRequestIds": ids]).status == .accepted)
            #expect(try await client.requestedItems() == before)
            // The close is accepted: a cancel of the same request is refused, a second close changes nothing.
            #expect(
                try await client.post(Self.cancel, object: ["accessRequestIds": ids, "comment": "c"]).status
                    == .badRequest)
            #expect(try await client.post(Self.close, object: ["accessRequestIds": ids]).status == .accepted)
            #expect(await store.snapshot().pendingWrites.count == 1)

            clock.advance(by: .seconds(4))
            #expect(await store.snapshot().pendingWrites.isEmpty)
            #expect(try await client.requestedItem(SeededRequests.oldCancelable.item).state == "TERMINATED")
        }
    }

    @Test("a 500 after the write: the write took effect, and retrying the close or cancel is harmless")
    func errorAfterWrite() async throws {
        let store = TenantStore()
        try await withSandbox(store: store, configuration: SandboxConfiguration(errorAfterWriteRate: 1)) { client in
            let client = try await client.authorized()
            let close: [String: any Sendable] = ["accessRequestIds": [SeededRequests.oldStuck.request]]
            #expect(try await client.post(Self.close, object: close).status == .internalServerError)
            #expect(try await client.post(Self.close, object: close).status == .internalServerError)
            let cancel: [String: any Sendable] = ["accessRequestIds": [SeededRequests.twoItems], "comment": "c"]
            #expect(try await client.post(Self.cancel, object: cancel).status == .internalServerError)
            #expect(try await client.post(Self.cancel, object: cancel).status == .internalServerError)
        }
        let requests = await store.snapshot().accessRequests
        #expect(requests.first { $0.id == SeededRequests.oldStuck.item }?.state == .terminated)
        #expect(requests.filter { $0.accessRequestID == SeededRequests.twoItems }.allSatisfy { $0.state == .cancelled })
    }
}
