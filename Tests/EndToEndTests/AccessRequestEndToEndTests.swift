import AccessPolicy
import Foundation
import ISCClient
import Sandbox
import Testing

/// The rules of this repository's demo (`policies/access-requests.yaml`), ages included.
let demoRequestRules = """
    accessRequests:
      closeStale: {olderThan: 60d, message: "Closed by policy", executionStatus: Terminated, completionStatus: Failure}
      cancel: {olderThan: 30d, beforeApproval: true, comment: "Cancelled by policy"}
      autoApprove: {commonAccess: CONFIRMED, comment: "Approved by policy"}
    """

@Suite("Access requests against the sandbox over loopback HTTP")
struct AccessRequestEndToEndTests {
    /// The seed's pending requests are dated in days before today, so each rule's share is known by hand:
    /// see `SeededRequests` in the sandbox tests for what each request is.
    @Test("seeded tenant: each rule acts on exactly its requests; apply leaves them done; a re-plan acts on nothing")
    func seededTenant() async throws {
        let set = try policy([
            "requests.yaml": demoRequestRules,
            "common.yaml": """
            commonAccess:
              - {type: ACCESS_PROFILE, name: Slack Workspace Member, status: CONFIRMED}
              - {type: ACCESS_PROFILE, name: Office 365 E3, status: CONFIRMED}
              - {type: ACCESS_PROFILE, name: VPN Access, status: CONFIRMED}
              - {type: ROLE, name: Engineering Base, status: CONFIRMED}
              - {type: ACCESS_PROFILE, name: Domain Admins, status: DENIED}
            """,
        ])
        try await withSandboxClient { client, store, metrics in
            let planner = Planner(tenant: client, requests: client)
            let plan = try await planner.plan(set, options: planOptions).plan
            #expect(plan.pendingRequests == 21)
            func acted(_ rule: RequestAction.Rule) -> [String] {
                plan.requestActions.filter { $0.rule == rule }.map {
                    "\($0.request.itemType ?? "?") \($0.request.itemName ?? "?")"
                }.sorted()
            }
            // Grants of CONFIRMED items with an approval still open; not the revoke of VPN Access, not the
            // Office 365 E3 *entitlement*, not GitHub Engineering (asked for with Engineering Base, not confirmed).
            #expect(
                acted(.autoApprove) == [
                    "ACCESS_PROFILE Office 365 E3", "ACCESS_PROFILE Slack Workspace Member",
                    "ACCESS_PROFILE VPN Access",
                    "ROLE Engineering Base", "ROLE Engineering Base",
                ])
            // Over 30 days and every item of the request cancelable; not the 44-day request whose other item
            // (DevOps On-Call) is past approval.
            #expect(
                acted(.cancel) == [
                    "ACCESS_PROFILE Salesforce Sales User", "ACCESS_PROFILE Snowflake Analyst",
                    "ACCESS_PROFILE Tableau Viewer", "ACCESS_PROFILE Zoom Licensed User", "ENTITLEMENT Office 365 E3",
                ])
            // Over 60 days and past approval.
            #expect(
                acted(.closeStale) == [
                    "ACCESS_PROFILE Confluence Editor", "ACCESS_PROFILE Jira Software User",
                    "ACCESS_PROFILE SAP FI Display",
                ])

            let report = await Applier(tenant: client, requests: client).apply(plan)
            #expect(report.succeeded)
            #expect(report.requestsWritten.count == 13)
            let calls = await metrics.snapshot().requestsByRoute
            #expect(calls["POST /v2025/access-request-approvals/bulk-approve"] == 1)
            #expect(calls["POST /v2025/access-requests/bulk-cancel"] == 1)
            #expect(calls["POST /v2025/access-requests/close"] == 1)

            let items = await store.snapshot().accessRequests
            #expect(items.filter(\.isPending).count == 21 - 13)
            let approvedByPolicy = items.filter { item in
                item.approvals.contains { $0.reviewer == .sandboxAdministrator && $0.status == .approved }
            }
            #expect(approvedByPolicy.map { "\($0.itemType.rawValue) \($0.name)" }.sorted() == acted(.autoApprove))
            let domainAdmins = items.filter { $0.name == "Domain Admins" }
            #expect(!domainAdmins.isEmpty && domainAdmins.allSatisfy { $0.isPending })

            let again = try await planner.plan(set, options: planOptions).plan
            #expect(again.requestActions.isEmpty)
            #expect(again.pendingRequests == 21 - 13)
        }
    }

    @Test("an item written by id and created by the same apply: named from the catalog, approved once CONFIRMED")
    func approvedAfterCreate() async throws {
        let set = try policy([
            "requests.yaml": """
            accessRequests:
              autoApprove: {commonAccess: CONFIRMED, comment: "Approved by policy"}
            """,
            "common.yaml": """
            commonAccess:
              - {type: ROLE, name: Engineering Base, status: CONFIRMED}
              - {type: ACCESS_PROFILE, id: 2c918004af0d75019e3d9b10f16ed644, status: CONFIRMED}  # GitHub Engineering
            """,
        ])
        try await withSandboxClient { client, store, metrics in
            let planner = Planner(tenant: client, requests: client)
            let plan = try await planner.plan(set, options: planOptions).plan
            let approvals = plan.requestActions.filter { $0.rule == .autoApprove }
            let github = approvals.filter { $0.request.itemName == "GitHub Engineering" }
            #expect(github.count == 1 && github.allSatisfy(\.awaitsCommonAccess))
            #expect(
                approvals.filter { $0.request.itemName == "Engineering Base" }.allSatisfy { !$0.awaitsCommonAccess })
            #expect(await metrics.snapshot().requestsByRoute["GET /v2025/access-profiles"] == 1)

            let report = await Applier(tenant: client, requests: client).apply(plan)
            #expect(report.succeeded)
            #expect(report.requestsWritten.count == approvals.count)
            // The approvals that could go at once, then GitHub Engineering's once the tenant listed it CONFIRMED.
            #expect(await metrics.snapshot().requestsByRoute["POST /v2025/access-request-approvals/bulk-approve"] == 2)
            let snapshot = await store.snapshot()
            #expect(snapshot.commonAccess.contains { $0.name == "GitHub Engineering" && $0.status == .confirmed })
            #expect(
                snapshot.accessRequests.contains { item in
                    item.name == "GitHub Engineering"
                        && item.approvals.contains { $0.reviewer == .sandboxAdministrator && $0.status == .approved }
                })
            #expect(try await planner.plan(set, options: planOptions).plan.requestActions.isEmpty)
        }
    }

    @Test("every write answered 500 after it took effect: found done in the pending list, none sent twice")
    func errorAfterWrite() async throws {
        let set = try policy(["requests.yaml": demoRequestRules])
        var sandbox = SandboxConfiguration()
        sandbox.errorAfterWriteRate = 1
        try await withSandboxClient(configuration: sandbox, adjust: ReliabilityEndToEndTests.quickRetries) {
            client, _, metrics in
            let planner = Planner(tenant: client, requests: client)
            let plan = try await planner.plan(set, options: planOptions).plan
            #expect(plan.requestActionCount(.cancel) > 0 && plan.requestActionCount(.closeStale) > 0)
            let report = await Applier(tenant: client, requests: client).apply(plan)
            #expect(report.succeeded, "\(report.requestsFailed.map(\.error))")
            let served = await metrics.snapshot()
            #expect(served.requestsByRoute["POST /v2025/access-requests/bulk-cancel"] == 1)
            #expect(served.requestsByRoute["POST /v2025/access-requests/close"] == 1)
            #expect(served.responsesByStatus["500"] == 2)
            #expect(try await planner.plan(set, options: planOptions).plan.requestActions.isEmpty)
        }
    }

    /// A generated tenant with thousands of requested items, all older than the rules' ages, checked against
    /// the rules written out here the simple way: per identity request, approve wins, then cancel, then close.
    @Test(
        "thousands of requests: counts match the rules, calls within the limits, only CONFIRMED approved, done in two runs"
    )
    func generatedTenant() async throws {
        let snapshot = TenantSnapshot.generated(
            roles: 200, accessProfiles: 200, commonAccess: 150, accessRequests: 3_000, seed: 2026)
        let confirmedRoles = Set(snapshot.roles.prefix(60).map(\.name))
        let confirmedProfiles = Set(snapshot.accessProfiles.prefix(60).map(\.name))
        let entries =
            confirmedRoles.sorted().map { "  - {type: ROLE, name: \"\($0)\", status: CONFIRMED}" }
            + confirmedProfiles.sorted().map { "  - {type: ACCESS_PROFILE, name: \"\($0)\", status: CONFIRMED}" }
        let set = try policy([
            "requests.yaml": demoRequestRules, "common.yaml": "commonAccess:\n" + entries.joined(separator: "\n"),
        ])

        let isConfirmed: @Sendable (TenantSnapshot.AccessRequestItem) -> Bool = { item in
            switch item.itemType {
            case .role: confirmedRoles.contains(item.name)
            case .accessProfile: confirmedProfiles.contains(item.name)
            case .entitlement: false
            }
        }
        let pending = snapshot.accessRequests.filter(\.isPending)
        let expected = RulesByHand(pending: pending, isConfirmed: isConfirmed)
        let approvalIDs = expected.approvalIDs
        let (cancelled, closed) = (expected.requestIDs(.cancel), expected.requestIDs(.closeStale))
        try #require(approvalIDs.count > 50 && cancelled.count > 50)  // more than one call each

        try await withSandboxClient(store: TenantStore(snapshot: snapshot)) { client, store, metrics in
            let planner = Planner(tenant: client, requests: client)
            let plan = try await planner.plan(set, options: planOptions).plan
            #expect(plan.pendingRequests == pending.count)
            for rule in RequestAction.Rule.allCases {
                let planned = Set(plan.requestActions.filter { $0.rule == rule }.compactMap(\.request.itemRequestID))
                #expect(planned == expected.items(rule), "rule \(rule.verb)")
            }

            let report = await Applier(tenant: client, requests: client).apply(plan)
            #expect(report.succeeded)
            // The sandbox refuses a call over the limit, so success already says every call was within it;
            // the counts say the calls were also as few as the limits allow.
            let calls = await metrics.snapshot().requestsByRoute
            func batches(_ count: Int, of limit: Int) -> Int { (count + limit - 1) / limit }
            #expect(calls["POST /v2025/access-request-approvals/bulk-approve"] == batches(approvalIDs.count, of: 50))
            #expect(calls["POST /v2025/access-requests/bulk-cancel"] == batches(cancelled.count, of: 50))
            #expect(calls["POST /v2025/access-requests/close"] == batches(closed.count, of: 500))

            let after = await store.snapshot().accessRequests
            let approvedByPolicy = after.filter { item in
                item.approvals.contains { $0.reviewer == .sandboxAdministrator && $0.status == .approved }
            }
            #expect(Set(approvedByPolicy.map(\.id)) == expected.items(.autoApprove))
            #expect(approvedByPolicy.allSatisfy { isConfirmed($0) && $0.requestType == .grantAccess })

            // Cancel and close act on whole identity requests, so the other items of a request with an item to
            // approve wait for a second run; nothing else is left.
            let approvedRequests = Set(approvedByPolicy.map(\.accessRequestID))
            let again = try await planner.plan(set, options: planOptions).plan
            #expect(again.pendingRequests == after.filter(\.isPending).count)
            #expect(!again.requestActions.isEmpty)
            #expect(again.requestActions.allSatisfy { approvedRequests.contains($0.request.requestID) })
            #expect(again.requestActions.allSatisfy { $0.rule != .autoApprove })
            #expect(await Applier(tenant: client, requests: client).apply(again).succeeded)

            let third = try await planner.plan(set, options: planOptions).plan
            #expect(third.requestActions.isEmpty)
            // What stays pending: requests holding a CONFIRMED grant past approval (being provisioned).
            let left = await store.snapshot().accessRequests.filter(\.isPending)
            let held = Set(left.filter { $0.requestType == .grantAccess && isConfirmed($0) }.map(\.accessRequestID))
            #expect(left.allSatisfy { held.contains($0.accessRequestID) })
        }
    }
}

/// The access-request rules written out the simple way, over the sandbox's own records, for tenants where every
/// request is older than every rule's age: per identity request, a CONFIRMED grant makes it autoApprove's (its
/// open approvals are approved, nothing is cancelled or closed), else cancel, else close.
struct RulesByHand: Sendable {
    /// Requested-item ids (`id`) per rule.
    private var acted: [RequestAction.Rule: Set<String>] = [:]
    private let pending: [TenantSnapshot.AccessRequestItem]

    init(
        pending: [TenantSnapshot.AccessRequestItem], isConfirmed: (TenantSnapshot.AccessRequestItem) -> Bool
    ) {
        self.pending = pending
        for items in Dictionary(grouping: pending, by: \.accessRequestID).values {
            let grants = items.filter { $0.requestType == .grantAccess && isConfirmed($0) }
            if !grants.isEmpty {
                let open = grants.filter { item in item.approvals.contains { $0.status == .pending } }
                acted[.autoApprove, default: []].formUnion(open.map(\.id))
            } else if items.allSatisfy(\.cancelable) {
                acted[.cancel, default: []].formUnion(items.map(\.id))
            } else {
                acted[.closeStale, default: []].formUnion(items.map(\.id))
            }
        }
    }

    func items(_ rule: RequestAction.Rule) -> Set<String> { acted[rule, default: []] }

    /// The approvals still pending on the items to approve: what bulk approve must be sent.
    var approvalIDs: [String] {
        pending.filter { items(.autoApprove).contains($0.id) }
            .flatMap { $0.approvals.filter { $0.status == .pending }.map(\.id) }
    }

    /// The identity requests a rule acts on: what close and bulk cancel are sent.
    func requestIDs(_ rule: RequestAction.Rule) -> Set<String> {
        Set(pending.filter { items(rule).contains($0.id) }.map(\.accessRequestID))
    }
}
