import AccessPolicyTestSupport
import Testing
import YAMLTree

@testable import AccessPolicy

/// The apply workflow against the in-memory tenant: every way a run ends, and that nothing is written in any
/// but the last.
@Suite("The apply workflow")
struct ApplyWorkflowTests {
    static let vpn = "2c918075ace0d7df7225c81ef4303c11"
    static let slack = "2c9180835d2e5168015d32f890ca1581"
    static let okta = "2c9180cb36c15c2b58ee8758c7cc7ab4"

    let items = [
        live("i1", .accessProfile, vpn, .confirmed, name: "VPN Access"),
        live("i2", .accessProfile, slack, .confirmed, name: "Slack"),
    ]
    let catalog = [CatalogItem(type: .accessProfile, id: okta, name: "Okta Admin")]

    /// Denies VPN Access and Slack, creates Okta Admin as DENIED.
    func policy() throws -> PolicySet {
        try PolicyLoader().load([
            (
                "policies/p.yaml",
                Array(
                    """
                    commonAccess:
                      - {type: ACCESS_PROFILE, id: \(Self.vpn), status: DENIED}
                      - {type: ACCESS_PROFILE, id: \(Self.slack), status: DENIED}
                      - {type: ACCESS_PROFILE, id: \(Self.okta), status: DENIED}
                    """.utf8)
            )
        ])
    }

    func workflow(_ tenant: any CommonAccessService) -> ApplyWorkflow {
        ApplyWorkflow(planner: Planner(tenant: tenant), applier: Applier(tenant: tenant))
    }

    func request(guards: Guards = Guards(), saved: SavedPlan? = nil, wait: Duration = .seconds(1)) throws
        -> ApplyWorkflow.Request
    {
        ApplyWorkflow.Request(
            policy: try policy(), options: .init(tenant: "t", apiVersion: .v2025, unmanaged: .ignore, guards: guards),
            saved: saved, configDigest: "cfg", applyOptions: .init(wait: wait, pollInterval: .milliseconds(1)))
    }

    @Test("converged: the plan is shown, asked about, written, and the tenant shows it")
    func converged() async throws {
        let tenant = InMemoryTenant(items: items, catalog: catalog)
        let shown = Recorder<Plan>()
        let outcome = try await workflow(tenant).run(
            try request(), planned: { await shown.add($0.plan) }, confirm: { _ in true })
        #expect(outcome.kind == "applied")
        let run = outcome.run
        let report = try #require(outcome.report)
        #expect(report.converged && report.succeeded)
        #expect(run.plan.changes.count == 3)
        #expect(await shown.values.count == 1)
        #expect(await tenant.writes.count == 2)  // one create, one update-status batch
    }

    @Test("nothing to change: no question, no write")
    func noChanges() async throws {
        let tenant = InMemoryTenant(
            items: [
                live("i1", .accessProfile, Self.vpn, .denied), live("i2", .accessProfile, Self.slack, .denied),
                live("i3", .accessProfile, Self.okta, .denied),
            ], catalog: catalog)
        let outcome = try await workflow(tenant).run(
            try request(),
            confirm: { _ in
                Issue.record("asked although there is nothing to apply")
                return true
            })
        #expect(outcome.kind == "noChanges")
        #expect(await tenant.writes.isEmpty)
    }

    @Test("blocked by a guard: not asked, nothing written; an override with a reason lets it through")
    func blocked() async throws {
        let tenant = InMemoryTenant(items: items, catalog: catalog)
        let outcome = try await workflow(tenant).run(
            try request(guards: Guards(maxDenied: 1)),
            confirm: { _ in
                Issue.record("asked although a guard stops the run")
                return true
            })
        #expect(outcome.kind == "blocked")
        #expect(outcome.run.plan.guardBreaches.map(\.guardName) == ["maxDenied"])
        #expect(await tenant.writes.isEmpty)

        var overridden = try request(guards: Guards(maxDenied: 1))
        overridden.options.overrides = ["maxDenied": "CHG-1"]
        #expect(try await workflow(tenant).run(overridden, confirm: { _ in true }).kind == "applied")
    }

    @Test("a saved plan that differs from today's derivation is refused before anything is asked or written")
    func stale() async throws {
        let tenant = InMemoryTenant(items: items, catalog: catalog)
        let today = try await Planner(tenant: tenant).plan(try policy(), options: try request().options)
        var edited = today.plan
        edited.changes[0].to = .confirmed
        let saved = SavedPlan(plan: edited, policy: try policy(), live: today.live, configDigest: "cfg")
        let outcome = try await workflow(tenant).run(
            try request(saved: saved),
            planned: { _ in Issue.record("a refused plan was shown as if it would be applied") },
            confirm: { _ in true })
        #expect(outcome.kind == "savedPlanDiffers")
        #expect(outcome.problems.count == 2)
        #expect(await tenant.writes.isEmpty)

        let current = SavedPlan(plan: today.plan, policy: try policy(), live: today.live, configDigest: "cfg")
        #expect(try await workflow(tenant).run(try request(saved: current), confirm: { _ in true }).kind == "applied")
    }

    @Test("declined at the prompt: nothing written")
    func declined() async throws {
        let tenant = InMemoryTenant(items: items, catalog: catalog)
        let outcome = try await workflow(tenant).run(try request(), confirm: { _ in false })
        #expect(outcome.kind == "declined")
        #expect(await tenant.writes.isEmpty)
    }

    @Test("interrupted before the first write: nothing sent, the report says so")
    func interrupted() async throws {
        let tenant = InMemoryTenant(items: items, catalog: catalog)
        let outcome = try await workflow(tenant).run(
            try request(), confirm: { _ in true },
            writeScope: { writes in
                let stop = ApplyStop()
                stop.request()
                return await writes(stop)
            })
        let report = try #require(outcome.report)
        #expect(report.interrupted)
        #expect(report.notSent.count == 3)
        #expect(await tenant.writes.isEmpty)
    }

    @Test("partly failed: the refused create is reported, the rest is written")
    func partlyFailed() async throws {
        let tenant = InMemoryTenant(
            items: items, catalog: catalog, refusingCreates: [AccessKey(type: .accessProfile, id: Self.okta)])
        let outcome = try await workflow(tenant).run(try request(), confirm: { _ in true })
        let report = try #require(outcome.report)
        #expect(report.failed.map(\.change.key.id) == [Self.okta])
        #expect(report.written.count == 2)
        #expect(report.hasFailures)
    }

    @Test("not converged: the writes are accepted but the tenant does not show them within the wait")
    func notConverged() async throws {
        let tenant = FrozenListing(inner: InMemoryTenant(items: items, catalog: catalog))
        let outcome = try await workflow(tenant).run(try request(wait: .zero), confirm: { _ in true })
        let report = try #require(outcome.report)
        #expect(!report.converged)
        #expect(!report.hasFailures)
        #expect(report.pending.count == 3)
    }
}

extension ApplyWorkflow.Outcome {
    /// The case's name, for expectations.
    var kind: String {
        switch self {
        case .noChanges: "noChanges"
        case .savedPlanDiffers: "savedPlanDiffers"
        case .blocked: "blocked"
        case .declined: "declined"
        case .applied: "applied"
        }
    }

    var run: PlannedRun {
        switch self {
        case .noChanges(let run), .savedPlanDiffers(let run, _), .blocked(let run), .declined(let run),
            .applied(let run, _):
            run
        }
    }

    var report: ApplyReport? {
        if case .applied(_, let report) = self { report } else { nil }
    }

    var problems: [String] {
        if case .savedPlanDiffers(_, let problems) = self { problems } else { [] }
    }
}

/// Collects values from concurrent callbacks.
actor Recorder<Value: Sendable> {
    private(set) var values: [Value] = []
    func add(_ value: Value) { values.append(value) }
}

/// A tenant that takes writes but keeps listing what it held at first, as ISC does while its writes are queued.
private actor FrozenListing: CommonAccessService {
    let inner: InMemoryTenant
    var first: [LiveItem]?

    init(inner: InMemoryTenant) { self.inner = inner }

    func listCommonAccess() async throws -> [LiveItem] {
        if let first { return first }
        let items = try await inner.listCommonAccess()
        first = items
        return items
    }

    func createCommonAccess(_ request: NewCommonAccess) async throws -> LiveItem {
        try await inner.createCommonAccess(request)
    }

    func updateStatus(_ batch: StatusBatch) async throws { try await inner.updateStatus(batch) }

    func findCatalogItems(type: AccessType, named name: String) async throws -> [CatalogItem] {
        try await inner.findCatalogItems(type: type, named: name)
    }

    func findCatalogItems(type: AccessType, ids: [String]) async throws -> [CatalogItem] {
        try await inner.findCatalogItems(type: type, ids: ids)
    }
}
