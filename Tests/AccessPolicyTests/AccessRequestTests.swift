import AccessPolicyTestSupport
import Foundation
import Testing
import YAMLTree

@testable import AccessPolicy

let now = Date(timeIntervalSince1970: 1_800_000_000)

func request(
    _ id: String, item: String? = nil, type: String? = "ACCESS_PROFILE", daysAgo: Int, cancelable: Bool = true,
    approvals: [String] = [], requestType: String? = "GRANT_ACCESS", itemRequestID: String? = nil
) -> PendingAccessRequest {
    PendingAccessRequest(
        requestID: id, itemRequestID: itemRequestID ?? "item-\(id)", approvalIDs: approvals, itemType: type,
        itemName: item, requestType: requestType, requesterName: "Bob", requestedForName: "Alice",
        created: now.addingTimeInterval(-Double(daysAgo) * 86_400), cancelable: cancelable)
}

@Suite("Access-request rules in policy files")
struct AccessRequestRulesLoadingTests {
    @Test("a full block reads with defaults and locations")
    func full() throws {
        let yaml = MarkedYAML(
            """
            accessRequests:
              closeStale: 1️⃣{ olderThan: 30d, message: "Closed by policy", completionStatus: Incomplete }
              cancel: 2️⃣{ olderThan: 2w, comment: "Stale" }
              autoApprove: 3️⃣{ commonAccess: CONFIRMED, comment: "Common access" }
            """, file: "policies/requests.yaml")
        let rules = try #require(try PolicyLoader().load([(yaml.file, yaml.bytes)]).accessRequestRules)
        #expect(rules.closeStale?.olderThan.seconds == 30 * 86_400)
        #expect(rules.closeStale?.executionStatus == .terminated)
        #expect(rules.closeStale?.completionStatus == .incomplete)
        #expect(rules.closeStale?.location == yaml["1️⃣"])
        #expect(rules.cancel?.olderThan.seconds == 14 * 86_400)
        #expect(rules.autoApprove?.comment == "Common access")
        #expect(rules.autoApprove?.location == yaml["3️⃣"])
    }

    @Test("mistakes are located errors")
    func errors() throws {
        let yaml = MarkedYAML(
            """
            accessRequests:
              closeStale: { olderThan: 1️⃣30 days }
              cancel: 2️⃣{ olderThan: 14d }
              autoApprove: { commonAccess: 3️⃣DENIED, comment: x }
              4️⃣approve: {}
            """, file: "policies/requests.yaml")
        let errors = try #require(throws: PolicyErrors.self) { try PolicyLoader().load([(yaml.file, yaml.bytes)]) }
        #expect(errors.diagnostics.map(\.location) == [yaml["1️⃣"], yaml["2️⃣"], yaml["3️⃣"], yaml["4️⃣"]])
        #expect(
            errors.diagnostics.map(\.message) == [
                "olderThan \"30 days\" is not an age", "cancel is missing \"comment\"",
                "unknown commonAccess status \"DENIED\" (expected CONFIRMED)",
                "unknown key \"approve\" in accessRequests",
            ])
    }

    @Test("beforeApproval: false is refused where it is written: ISC cannot cancel past approval")
    func cancelOnlyBeforeApproval() throws {
        let yaml = MarkedYAML(
            "accessRequests:\n  cancel: {olderThan: 14d, beforeApproval: 1️⃣false, comment: c}\n",
            file: "policies/requests.yaml")
        let errors = try #require(throws: PolicyErrors.self) { try PolicyLoader().load([(yaml.file, yaml.bytes)]) }
        #expect(errors.diagnostics.map(\.location) == [yaml["1️⃣"]])
        #expect(errors.diagnostics.first?.hint?.contains("closeStale") == true)
        let allowed = "accessRequests:\n  cancel: {olderThan: 14d, beforeApproval: true, comment: c}\n"
        #expect(try PolicyLoader().load([("p.yaml", Array(allowed.utf8))]).accessRequestRules?.cancel != nil)
    }

    @Test("two accessRequests blocks point at each other")
    func declaredTwice() throws {
        let a = MarkedYAML("1️⃣accessRequests: {cancel: {olderThan: 1d, comment: a}}\n", file: "policies/a.yaml")
        let b = MarkedYAML("accessRequests: 1️⃣{cancel: {olderThan: 2d, comment: b}}\n", file: "policies/b.yaml")
        let errors = try #require(throws: PolicyErrors.self) {
            try PolicyLoader().load([(a.file, a.bytes), (b.file, b.bytes)])
        }
        #expect(errors.diagnostics.map(\.message) == ["accessRequests is declared twice"])
        #expect(errors.diagnostics.first?.location == b["1️⃣"])
    }
}

@Suite("Planning access-request actions")
struct AccessRequestPlannerTests {
    let rules = AccessRequestRules(
        closeStale: .init(
            olderThan: RuleAge("30d")!, message: "m", location: SourceLocation(file: "p.yaml", line: 2, column: 3)),
        cancel: .init(
            olderThan: RuleAge("14d")!, comment: "c", location: SourceLocation(file: "p.yaml", line: 3, column: 3)),
        autoApprove: .init(comment: "a", location: SourceLocation(file: "p.yaml", line: 4, column: 3)),
        location: SourceLocation(file: "p.yaml", line: 1, column: 1))

    @Test("approve beats cancel beats close; young requests and other items are left alone")
    func precedence() {
        let confirmed: Set = [AccessRequestPlanner.ItemName(type: "ACCESS_PROFILE", name: "VPN")]
        let pending = [
            request("r1", item: "VPN", daysAgo: 90, approvals: ["a1"]),  // approve, though old
            request("r2", item: "Domain Admins", daysAgo: 90, approvals: ["a2"]),  // cancel: old and cancelable
            request("r3", item: "Domain Admins", daysAgo: 45, cancelable: false),  // close: past approval
            request("r4", item: "Domain Admins", daysAgo: 20, cancelable: false),  // too young to close
            request("r5", item: "Other", daysAgo: 5),  // too young for anything
            request("r6", item: "VPN", daysAgo: 2, approvals: ["a6"], requestType: "REVOKE_ACCESS"),  // not a grant
            request("r7", item: "VPN", type: "ROLE", daysAgo: 1, approvals: ["a7"]),  // a role of that name: no
        ]
        let actions = AccessRequestPlanner.actions(rules: rules, pending: pending, confirmed: confirmed, now: now)
        #expect(actions.map { "\($0.rule.verb) \($0.request.requestID)" } == ["approve r1", "cancel r2", "close r3"])
        #expect(actions.map(\.ageDays) == [90, 90, 45])
    }

    @Test("an identity request with an item to approve is neither cancelled nor closed, for any of its items")
    func approvalProtectsItsRequest() {
        let confirmed: Set = [AccessRequestPlanner.ItemName(type: "ACCESS_PROFILE", name: "VPN")]
        let pending = [
            request("r1", item: "VPN", daysAgo: 90, approvals: ["a1"], itemRequestID: "r1-vpn"),
            request("r1", item: "Domain Admins", daysAgo: 90, approvals: ["a2"], itemRequestID: "r1-admins"),
            request("r1", item: "Payroll", daysAgo: 90, cancelable: false, itemRequestID: "r1-payroll"),
            request("r2", item: "Domain Admins", daysAgo: 90, approvals: ["a3"], itemRequestID: "r2-admins"),
        ]
        let actions = AccessRequestPlanner.actions(rules: rules, pending: pending, confirmed: confirmed, now: now)
        #expect(
            actions.map { "\($0.rule.verb) \($0.request.itemRequestID ?? "")" } == [
                "approve r1-vpn", "cancel r2-admins",
            ])
    }

    @Test("cancel and close take the whole identity request: every item must qualify")
    func wholeRequests() {
        let pending = [
            // One item past approval: ISC would refuse the cancel, so the request is closed instead.
            request("r1", item: "A", daysAgo: 40, itemRequestID: "r1-a"),
            request("r1", item: "B", daysAgo: 40, cancelable: false, itemRequestID: "r1-b"),
            // Cancelable but one item too young for either rule: left alone.
            request("r2", item: "A", daysAgo: 40, itemRequestID: "r2-a"),
            request("r2", item: "B", daysAgo: 10, itemRequestID: "r2-b"),
            // Both items cancelable and old: both cancelled, in one request.
            request("r3", item: "A", daysAgo: 20, itemRequestID: "r3-a"),
            request("r3", item: "B", daysAgo: 20, itemRequestID: "r3-b"),
        ]
        let actions = AccessRequestPlanner.actions(rules: rules, pending: pending, confirmed: [], now: now)
        #expect(
            actions.map { "\($0.rule.verb) \($0.request.itemRequestID ?? "")" } == [
                "cancel r3-a", "cancel r3-b", "close r1-a", "close r1-b",
            ])
    }

    @Test("without autoApprove nothing is approved")
    func approveIsOptIn() {
        var noApprove = rules
        noApprove.autoApprove = nil
        let confirmed: Set = [AccessRequestPlanner.ItemName(type: "ACCESS_PROFILE", name: "VPN")]
        let actions = AccessRequestPlanner.actions(
            rules: noApprove, pending: [request("r1", item: "VPN", daysAgo: 1, approvals: ["a1"])],
            confirmed: confirmed, now: now)
        #expect(actions.isEmpty)
    }

    @Test("a name the policy uses for a CONFIRMED and a DENIED item is never approved")
    func ambiguousNames() {
        // As written: by name (no id) for Drive and Base, by id for the rest.
        let written = [
            entry(.accessProfile, nil, .confirmed, name: "Drive"), entry(.accessProfile, nil, .denied, name: "Drive"),
            entry(.role, nil, .confirmed, name: "Base"), entry(.role, "r2", .denied, name: "Admins"),
        ]
        let resolved = [
            entry(.accessProfile, "x1", .confirmed, name: "Drive"), entry(.accessProfile, "x2", .denied, name: "Drive"),
            entry(.role, "r1", .confirmed, name: "Base"), entry(.role, "r2", .denied, name: "Admins"),
        ]
        let live = LiveIndex([live("i1", .role, "r1", .confirmed, name: "Base Role")])
        let names = AccessRequestPlanner.confirmedItems(written: written, resolved: resolved, live: live)
        #expect(names.approvable == [.init(type: "ROLE", name: "Base Role")])
        #expect(names.all == [.init(type: "ACCESS_PROFILE", name: "Drive"), .init(type: "ROLE", name: "Base Role")])

        // A request for the ambiguous "Drive" is not approved, and not closed either: it may be for the
        // CONFIRMED one.
        let pending = [request("r1", item: "Drive", daysAgo: 90, cancelable: false, approvals: ["a1"])]
        let actions = AccessRequestPlanner.actions(
            rules: rules, pending: pending, confirmed: names.approvable, protected: names.all, now: now)
        #expect(actions.isEmpty)
    }

    @Test("the name: of an entry written by id is a label: it approves nothing; the tenant's name does")
    func labelsAreNotTrusted() {
        let entries = [
            entry(.role, "r1", .confirmed, name: "Finance Admin"),  // a typo for "Finance Base"
            entry(.role, "r2", .confirmed, name: "Not Yet Live"),
        ]
        let live = LiveIndex([live("i1", .role, "r1", .confirmed, name: "Finance Base")])
        let names = AccessRequestPlanner.confirmedItems(written: entries, resolved: entries, live: live)
        #expect(names.approvable == [.init(type: "ROLE", name: "Finance Base")])
        #expect(names.all == names.approvable)
    }

    @Test("a live item no entry confirms, with the same name and another status, makes the name ambiguous")
    func unmanagedNamesake() {
        let entries = [entry(.role, "r1", .confirmed)]
        let live = LiveIndex([
            live("i1", .role, "r1", .confirmed, name: "Finance Base"),
            live("i5", .role, "r5", .denied, name: "Finance Base"),  // in no policy
            live("i6", .role, "r6", .confirmed, name: "Other"),
        ])
        let names = AccessRequestPlanner.confirmedItems(written: entries, resolved: entries, live: live)
        #expect(names.approvable.isEmpty)
        #expect(names.all == [.init(type: "ROLE", name: "Finance Base")])
    }

    @Test("a request with a CONFIRMED grant is not closed while that grant is provisioned after approval")
    func provisioningGrantProtectsRequest() {
        let confirmed: Set = [AccessRequestPlanner.ItemName(type: "ACCESS_PROFILE", name: "VPN")]
        let pending = [
            // Approved by an earlier run, no approval open, past approval: still pending while provisioned.
            request("r1", item: "VPN", daysAgo: 90, cancelable: false, itemRequestID: "r1-vpn"),
            request("r1", item: "Payroll", daysAgo: 90, cancelable: false, itemRequestID: "r1-payroll"),
            request("r2", item: "VPN", daysAgo: 90, cancelable: false, requestType: "REVOKE_ACCESS"),
        ]
        let actions = AccessRequestPlanner.actions(rules: rules, pending: pending, confirmed: confirmed, now: now)
        #expect(actions.map { "\($0.rule.verb) \($0.request.requestID)" } == ["close r2"])
        var noApprove = rules
        noApprove.autoApprove = nil
        let unlinked = AccessRequestPlanner.actions(rules: noApprove, pending: pending, confirmed: confirmed, now: now)
        #expect(Set(unlinked.map(\.request.requestID)) == ["r1", "r2"])
    }

    @Test("the items of one identity request go in one cancel or close call; approvals fill calls to 50")
    func batchesKeepRequestsWhole() {
        let source = SourceLocation(file: "p.yaml", line: 1, column: 1)
        // 60 requests, each with one item created now and one created a day later: sorted by date, the two
        // items of a request are 60 actions apart.
        var actions: [RequestAction] = []
        for day in 0..<2 {
            for index in 0..<60 {
                actions.append(
                    RequestAction(
                        rule: .cancel,
                        request: request("r\(index)", item: "X", daysAgo: 40 - day, itemRequestID: "r\(index)-\(day)"),
                        ageDays: 40, source: source))
            }
        }
        actions += (0..<70).map { index in
            RequestAction(
                rule: .autoApprove, request: request("a\(index)", item: "VPN", daysAgo: 1, approvals: ["ap\(index)"]),
                ageDays: 1, source: source)
        }
        let calls = Applier.requestJobs(actions).map { job -> (RequestAction.Rule, Set<String>, Int) in
            guard case .requests(let rule, let batch) = job else { return (.cancel, [], 0) }
            return (rule, Set(batch.flatMap(Applier.ids(of:))), batch.count)
        }
        let cancels = calls.filter { $0.0 == .cancel }
        #expect(cancels.map(\.1.count) == [50, 10])
        #expect(cancels.map(\.2) == [100, 20])
        #expect(cancels[0].1.isDisjoint(with: cancels[1].1))
        #expect(calls.filter { $0.0 == .autoApprove }.map(\.1.count) == [50, 20])
    }

    @Test("apply batches at the documented limits, converges, and a re-plan acts on nothing")
    func applyInBatches() async throws {
        let pending =
            (0..<120).map { request("c\($0)", item: "Old \($0)", daysAgo: 60, cancelable: true) }
            + (0..<600).map { request("s\($0)", item: "Stuck \($0)", daysAgo: 60, cancelable: false) }
            + (0..<70).map { request("a\($0)", item: "VPN", daysAgo: 3, approvals: ["ap\($0)"]) }
        let tenant = InMemoryTenant(pendingRequests: pending)
        let confirmed: Set = [AccessRequestPlanner.ItemName(type: "ACCESS_PROFILE", name: "VPN")]
        var plan = Plan(
            tenant: "t", apiVersion: .v2025, unmanagedMode: .ignore, changes: [], unmanaged: [], summary: .init(),
            liveCount: 0)
        plan.accessRequestRules = rules
        plan.requestActions = AccessRequestPlanner.actions(
            rules: rules, pending: pending, confirmed: confirmed, now: now)
        #expect(plan.requestActionCount(.autoApprove) == 70)
        #expect(plan.requestActionCount(.cancel) == 120)
        #expect(plan.requestActionCount(.closeStale) == 600)

        let report = await Applier(tenant: tenant, requests: tenant).apply(plan, options: .init(concurrency: 4))
        #expect(report.succeeded)
        let writes = await tenant.writes
        let sizes = writes.map { call -> String in
            switch call {
            case .approve(let ids): "approve \(ids.count)"
            case .cancel(let ids): "cancel \(ids.count)"
            case .close(let ids): "close \(ids.count)"
            default: "other"
            }
        }
        #expect(
            sizes.sorted() == [
                "approve 20", "approve 50", "cancel 20", "cancel 50", "cancel 50", "close 100", "close 500",
            ])
        #expect(report.writeRequests == 7)
        #expect(await tenant.pendingRequests.isEmpty)
        let again = AccessRequestPlanner.actions(
            rules: rules, pending: await tenant.pendingRequests, confirmed: confirmed, now: now)
        #expect(again.isEmpty)
    }

    @Test("with API beta, which has no bulk cancel or approve, those rules are located errors before any read")
    func betaHasNoBulkWrites() async throws {
        let yaml = MarkedYAML(
            """
            accessRequests:
              closeStale: { olderThan: 30d }
              cancel: 1️⃣{ olderThan: 14d, comment: c }
              autoApprove: 2️⃣{ commonAccess: CONFIRMED, comment: a }
            """, file: "policies/requests.yaml")
        let policy = try PolicyLoader().load([(yaml.file, yaml.bytes)])
        let tenant = InMemoryTenant(pendingRequests: [request("r1", item: "X", daysAgo: 90)])
        let options = Planner.Options(tenant: "t", apiVersion: .beta, unmanaged: .ignore)
        let errors = try await #require(throws: PolicyErrors.self) {
            try await Planner(tenant: tenant, requests: tenant).plan(policy, options: options)
        }
        #expect(errors.diagnostics.map(\.location) == [yaml["1️⃣"], yaml["2️⃣"]])
        #expect(
            errors.diagnostics.first?.message
                == "cancel needs bulk cancel (POST /access-requests/bulk-cancel), which API version beta does not have")

        var closeOnly = policy
        closeOnly.accessRequestRules?.cancel = nil
        closeOnly.accessRequestRules?.autoApprove = nil
        let plan = try await Planner(tenant: tenant, requests: tenant).plan(closeOnly, options: options).plan
        #expect(plan.requestActionCount(.closeStale) == 1)
    }

    @Test("an approved item still waiting on a later approval counts as done; a cancelled one still listed does not")
    func stillPending() {
        let approve = RequestAction(
            rule: .autoApprove, request: request("r1", item: "VPN", daysAgo: 1, approvals: ["a1"]), ageDays: 1,
            source: SourceLocation(file: "p", line: 1, column: 1))
        let cancel = RequestAction(
            rule: .cancel, request: request("r2", item: "X", daysAgo: 30), ageDays: 30,
            source: SourceLocation(file: "p", line: 1, column: 1))
        let listed = [request("r1", item: "VPN", daysAgo: 1, approvals: ["a9"]), request("r2", item: "X", daysAgo: 30)]
        #expect(Applier.stillPending([approve, cancel], in: listed) == [cancel])
    }

    @Test("guards count each kind of action")
    func guards() {
        var plan = Plan(
            tenant: "t", apiVersion: .v2025, unmanagedMode: .ignore, changes: [], unmanaged: [], summary: .init(),
            liveCount: 0)
        plan.requestActions = AccessRequestPlanner.actions(
            rules: rules,
            pending: (0..<3).map { request("s\($0)", item: "S", daysAgo: 60, cancelable: false) }
                + [request("a", item: "VPN", daysAgo: 1, approvals: ["x"])],
            confirmed: [.init(type: "ACCESS_PROFILE", name: "VPN")], now: now)
        let breaches = GuardCheck.evaluate(
            plan, guards: Guards(maxClosed: 2, maxApproved: 0), overrides: ["maxApproved": "ok"])
        #expect(
            breaches.map(\.message) == [
                "3 requested items (in 3 access requests) to close, over maxClosed 2",
                "1 requested item (in 1 access request) to approve, over maxApproved 0",
            ])
        #expect(breaches.map(\.isOverridden) == [false, true])
    }
}

@Suite("Approvals of items the same plan confirms")
struct AwaitedApprovalTests {
    let rules = AccessRequestRules(
        cancel: .init(
            olderThan: RuleAge("14d")!, comment: "c", location: SourceLocation(file: "p.yaml", line: 3, column: 3)),
        autoApprove: .init(comment: "a", location: SourceLocation(file: "p.yaml", line: 4, column: 3)),
        location: SourceLocation(file: "p.yaml", line: 1, column: 1))
    let options = Planner.Options(tenant: "t", apiVersion: .v2025, unmanaged: .ignore)
    let salesBase = CatalogItem(type: .role, id: "r9", name: "Sales Base")

    /// "Sales Base" is written by id only and is not on the list yet; "VPN" is already CONFIRMED.
    func policy() -> PolicySet {
        PolicySet(
            entries: [entry(.role, "r9", .confirmed), entry(.accessProfile, "a1", .confirmed)], files: [],
            digest: "d", accessRequestRules: rules)
    }

    func pending() -> [PendingAccessRequest] {
        [
            request("old", item: "Sales Base", type: "ROLE", daysAgo: 60, approvals: ["ap-old"]),
            request("new", item: "VPN", daysAgo: 2, approvals: ["ap-vpn"]),
        ]
    }

    @Test("an entry written by id and not on the list yet is named from the catalog, approved and never cancelled")
    func namedFromCatalog() async throws {
        let tenant = InMemoryTenant(
            items: [live("i1", .accessProfile, "a1", .confirmed, name: "VPN")], catalog: [salesBase],
            pendingRequests: pending())
        let plan = try await Planner(tenant: tenant, requests: tenant, now: { now }).plan(policy(), options: options)
            .plan
        #expect(await tenant.calls.contains(.findCatalogIDs(.role, ["r9"])))
        #expect(
            plan.requestActions.map { "\($0.rule.verb) \($0.request.requestID) \($0.awaitsCommonAccess)" }.sorted()
                == ["approve new false", "approve old true"])
        // The create carries the catalog's name, under which the approval will find the item.
        #expect(plan.changes.map(\.name) == ["Sales Base"])
        // People reading the plan see which approval waits.
        for rendered in [TextPlanRenderer().render(plan), MarkdownPlanRenderer().render(plan)] {
            #expect(rendered.split(separator: "\n").count { $0.contains("once the item shows CONFIRMED") } == 1)
        }
        #expect(JSONPlanRenderer().render(plan).contains("\"awaitsCommonAccess\" : true"))
    }

    @Test("apply approves such an item only after its create, and holds the approval back when the create fails")
    func approvalAfterCreate() async throws {
        let tenant = InMemoryTenant(
            items: [live("i1", .accessProfile, "a1", .confirmed, name: "VPN")], catalog: [salesBase],
            pendingRequests: pending())
        let plan = try await Planner(tenant: tenant, requests: tenant, now: { now }).plan(policy(), options: options)
            .plan

        let report = await Applier(tenant: tenant, requests: tenant).apply(plan, options: .init(concurrency: 8))
        #expect(report.succeeded)
        let writes = await tenant.writes
        #expect(writes.count == 3)

        // The same plan against a tenant that refuses the create: the item never shows CONFIRMED, so its
        // approval is not sent; the other approval is.
        let refusing = InMemoryTenant(
            items: [live("i1", .accessProfile, "a1", .confirmed, name: "VPN")], pendingRequests: pending(),
            refusingCreates: [AccessKey(type: .role, id: "r9")])
        let held = await Applier(tenant: refusing, requests: refusing).apply(plan, options: .init(concurrency: 8))
        #expect(held.failed.count == 1)
        #expect(held.requestsHeldBack.map(\.request.requestID) == ["old"])
        #expect(held.requestsWritten.map(\.request.requestID) == ["new"])
        #expect(!(await refusing.writes.contains(.approve(["ap-old"]))))
        #expect(!held.succeeded)
        #expect(ApplyReportRenderer().render(held, wait: "2m").contains("Approvals held back"))
    }

    @Test("each waiting approval goes once its own item shows CONFIRMED, whatever happened to the other writes")
    func heldBackPerItem() async throws {
        let travel = live("i2", .role, "r8", .denied, name: "Travel Booking")
        let requests =
            pending() + [request("trip", item: "Travel Booking", type: "ROLE", daysAgo: 1, approvals: ["ap-t"])]
        var withTravel = policy()
        withTravel.entries.append(entry(.role, "r8", .confirmed))
        let planned = InMemoryTenant(
            items: [live("i1", .accessProfile, "a1", .confirmed, name: "VPN"), travel], catalog: [salesBase],
            pendingRequests: requests)
        let plan = try await Planner(tenant: planned, requests: planned, now: { now }).plan(
            withTravel, options: options
        )
        .plan
        #expect(plan.requestActions.filter(\.awaitsCommonAccess).map(\.request.requestID).sorted() == ["old", "trip"])

        // A tenant where the Travel Booking flip fails (its item id changed) but the Sales Base create works.
        var moved = travel
        moved.id = "i2-moved"
        let tenant = InMemoryTenant(
            items: [live("i1", .accessProfile, "a1", .confirmed, name: "VPN"), moved], catalog: [salesBase],
            pendingRequests: requests)
        let report = await Applier(tenant: tenant, requests: tenant).apply(plan, options: .init(concurrency: 8))
        #expect(report.failed.map(\.change.key.id) == ["r8"])
        #expect(report.requestsHeldBack.map(\.request.requestID) == ["trip"])
        #expect(report.requestsWritten.map(\.request.requestID).sorted() == ["new", "old"])
        #expect(!(await tenant.writes.contains(.approve(["ap-t"]))))
        #expect(ApplyReportRenderer().render(report, wait: "2m").contains("2 of 3 access-request actions"))
    }
}

extension AwaitedApprovalTests {
    @Test("a catalog that cannot be read stops the plan, rather than lose the names' protection")
    func catalogUnreadable() async throws {
        let inner = InMemoryTenant(
            items: [live("i1", .accessProfile, "a1", .confirmed, name: "VPN")], catalog: [salesBase],
            pendingRequests: pending())
        let tenant = SlowListing(inner: inner, hiding: "none", catalogFails: true)
        let errors = try await #require(throws: PolicyErrors.self) {
            try await Planner(tenant: tenant, requests: tenant, now: { now }).plan(policy(), options: options)
        }
        #expect(
            errors.diagnostics.first?.message.hasPrefix(
                "cannot check that the 1 item(s) this plan creates exist in the tenant's catalog") == true)
        #expect(await inner.writes.isEmpty)
    }

    @Test("an approval from a plan saved before awaitsCommonAccess existed is checked against the tenant")
    func oldSavedApproval() throws {
        let action = RequestAction(
            rule: .autoApprove, request: pending()[1], ageDays: 2,
            source: SourceLocation(file: "p.yaml", line: 4, column: 3))
        var object = try #require(JSONSerialization.jsonObject(with: JSONEncoder().encode(action)) as? [String: Any])
        object.removeValue(forKey: "awaitsCommonAccess")
        let old = try JSONDecoder().decode(RequestAction.self, from: JSONSerialization.data(withJSONObject: object))
        #expect(old.awaitsCommonAccess)
        #expect(old.request == action.request && old.rule == action.rule)
    }

    @Test("a slow, unrelated write does not hold an approval whose own item already shows CONFIRMED")
    func slowUnrelatedWrite() async throws {
        let inner = InMemoryTenant(
            items: [
                live("i1", .accessProfile, "a1", .confirmed, name: "VPN"),
                live("i7", .role, "r7", .confirmed, name: "Old Role"),
            ],
            catalog: [salesBase], pendingRequests: pending())
        let tenant = SlowListing(inner: inner, hiding: "i7")
        var withFlip = policy()
        withFlip.entries.append(entry(.role, "r7", .denied))
        let plan = try await Planner(tenant: tenant, requests: tenant, now: { now }).plan(withFlip, options: options)
            .plan
        #expect(plan.changes.count == 2)

        let readsBefore = await tenant.reads
        let report = await Applier(tenant: tenant, requests: tenant).apply(
            plan, options: .init(wait: .seconds(1), pollInterval: .milliseconds(50)))
        // The flip of r7 never shows; Sales Base's create does, and its approval goes at once.
        #expect(report.pending.map(\.key.id) == ["r7"])
        #expect(report.requestsHeldBack.isEmpty)
        #expect(report.requestsWritten.map(\.request.requestID).sorted() == ["new", "old"])
        // Approved after the first read that showed Sales Base CONFIRMED (the one read before that is the re-read
        // before writing); waiting for every write would have read again at least once (at the latest at the
        // deadline) before approving.
        let readsAtApproval = try #require(await tenant.readsAtApproval)
        #expect(readsAtApproval - readsBefore == 2)
    }
}

/// Passes everything to an ``InMemoryTenant`` but keeps listing one item with its old status, as a tenant
/// that is slow to apply one write; optionally refuses catalog look-ups by id, as for a client without the scope.
private actor SlowListing: CommonAccessService, AccessRequestService {
    let inner: InMemoryTenant
    let hidden: String
    let catalogFails: Bool
    var frozen: LiveItem?
    /// Lists served so far, and how many had been served when the approval of `ap-old` came.
    var reads = 0
    var readsAtApproval: Int?

    init(inner: InMemoryTenant, hiding itemID: String, catalogFails: Bool = false) {
        self.inner = inner
        self.hidden = itemID
        self.catalogFails = catalogFails
    }

    func listCommonAccess() async throws -> [LiveItem] {
        let items = try await inner.listCommonAccess()
        reads += 1
        if frozen == nil { frozen = items.first { $0.id == hidden } }
        return items.map { $0.id == hidden ? frozen ?? $0 : $0 }
    }

    func createCommonAccess(_ request: NewCommonAccess) async throws -> LiveItem {
        try await inner.createCommonAccess(request)
    }

    func updateStatus(_ batch: StatusBatch) async throws { try await inner.updateStatus(batch) }

    func findCatalogItems(type: AccessType, named name: String) async throws -> [CatalogItem] {
        try await inner.findCatalogItems(type: type, named: name)
    }

    func findCatalogItems(type: AccessType, ids: [String]) async throws -> [CatalogItem] {
        if catalogFails { throw InMemoryTenantError.unknownItem("403: the client may not read the catalog") }
        return try await inner.findCatalogItems(type: type, ids: ids)
    }

    func listPendingAccessRequests() async throws -> [PendingAccessRequest] {
        try await inner.listPendingAccessRequests()
    }

    func closeAccessRequests(_ request: CloseAccessRequests) async throws {
        try await inner.closeAccessRequests(request)
    }

    func cancelAccessRequests(requestIDs: [String], comment: String) async throws {
        try await inner.cancelAccessRequests(requestIDs: requestIDs, comment: comment)
    }

    func approveAccessRequests(approvalIDs: [String], comment: String) async throws {
        if approvalIDs.contains("ap-old") { readsAtApproval = reads }
        try await inner.approveAccessRequests(approvalIDs: approvalIDs, comment: comment)
    }
}
