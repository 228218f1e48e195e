import AccessPolicyTestSupport
import Testing

@testable import AccessPolicy

/// Two runs at once against one tenant: what the other run wrote meanwhile is neither written again nor
/// reported as a failure (issue 11).
@Suite("Another run writing at the same time")
struct ConcurrentRunTests {
    let items = [live("i1", .role, "r1", .confirmed), live("i2", .role, "r2", .confirmed)]
    let desired = [
        entry(.role, "r1", .denied), entry(.role, "r2", .denied), entry(.role, "n1", .confirmed),
        entry(.role, "n2", .denied),
    ]

    func plan(_ live: [LiveItem]) -> Plan {
        let diff = Diff.compute(desired: desired, live: live, unmanaged: .ignore)
        return Plan(
            tenant: "t", apiVersion: .v2025, unmanagedMode: .ignore, changes: diff.changes, unmanaged: [],
            summary: diff.summary, liveCount: live.count)
    }

    @Test("changes another run made since the plan are not sent again; a create whose item appeared is a flip")
    func readBeforeWriting() async throws {
        let tenant = InMemoryTenant(items: items)
        let plan = plan(items)
        #expect(plan.changes.count == 4)
        // The other run denies r1, creates n1 as DENIED (we want it CONFIRMED) and n2 as asked (DENIED).
        try await tenant.updateStatus(StatusBatch(deniedIDs: ["i1"]))
        await tenant.addItem(live("other-1", .role, "n1", .denied))
        await tenant.addItem(live("other-2", .role, "n2", .denied))
        let before = await tenant.writes.count

        let report = await Applier(tenant: tenant).apply(plan, options: .init(batchSize: 10))
        #expect(report.succeeded)
        #expect(report.alreadyDone.map(\.key.id).sorted() == ["n2", "r1"])
        #expect(
            Array(await tenant.writes.dropFirst(before)) == [.updateStatus(confirmed: ["other-1"], denied: ["i2"])])
        let statuses = Dictionary(uniqueKeysWithValues: await tenant.items.map { ($0.key.id, $0.status) })
        #expect(statuses == ["r1": .denied, "r2": .denied, "n1": .confirmed, "n2": .denied])
    }

    @Test("a create planned as DENIED that meets a live CONFIRMED item is refused: that denial was never reviewed")
    func noUnreviewedDenial() async throws {
        let tenant = InMemoryTenant(items: items)
        let plan = plan(items)
        await tenant.addItem(live("other-2", .role, "n2", .confirmed))
        let report = await Applier(tenant: tenant).apply(plan, options: .init(batchSize: 10))
        #expect(report.failed.map(\.change.key.id) == ["n2"])
        #expect(report.failed.first?.error.contains("run plan again to review (and guard) that denial") == true)
        #expect(!report.succeeded)
        #expect(await tenant.items.first { $0.id == "other-2" }?.status == .confirmed)
    }

    @Test("a create that meets the item another run created just before it: CONFIRMED is set, a denial is refused")
    func createRace() async throws {
        let inner = InMemoryTenant(items: items)
        let tenant = RacingTenant(inner: inner)
        let report = await Applier(tenant: tenant).apply(plan(items), options: .init(batchSize: 10))
        // n1 (wanted CONFIRMED) was created DENIED by the other run and is flipped; n2 (wanted DENIED) was created
        // CONFIRMED, and denying it was never reviewed.
        #expect(report.failed.map(\.change.key.id) == ["n2"])
        #expect(await inner.writes.contains(.updateStatus(confirmed: ["race-n1"], denied: [])))
        let statuses = Dictionary(uniqueKeysWithValues: await inner.items.map { ($0.key.id, $0.status) })
        #expect(statuses == ["r1": .denied, "r2": .denied, "n1": .confirmed, "n2": .confirmed])
    }

    @Test("when the tenant cannot be read before writing, nothing is sent and every change is reported")
    func unreadableBeforeWriting() async throws {
        let inner = InMemoryTenant(items: items)
        let tenant = RacingTenant(inner: inner, failingListsAfter: 0)
        let report = await Applier(tenant: tenant).apply(plan(items))
        #expect(await inner.writes.isEmpty)
        #expect(report.failed.count == 4)
        #expect(report.failed.allSatisfy { $0.error.hasPrefix("not sent: reading the tenant before writing failed") })
        #expect(!report.succeeded)
        #expect(report.hasFailures)
    }
}

/// A tenant where another run creates each item, with the other status, a moment before this run's create
/// arrives; optionally its list reads fail after some number of them.
private actor RacingTenant: CommonAccessService {
    let inner: InMemoryTenant
    var listsLeft: Int?

    init(inner: InMemoryTenant, failingListsAfter: Int? = nil) {
        self.inner = inner
        self.listsLeft = failingListsAfter
    }

    struct ReadFailed: Error {}

    func listCommonAccess() async throws -> [LiveItem] {
        if let left = listsLeft {
            guard left > 0 else { throw ReadFailed() }
            listsLeft = left - 1
        }
        return try await inner.listCommonAccess()
    }

    func createCommonAccess(_ request: NewCommonAccess) async throws -> LiveItem {
        let other: CommonAccessStatus = request.status == .confirmed ? .denied : .confirmed
        await inner.addItem(live("race-\(request.access.id)", request.access.type, request.access.id, other))
        return try await inner.createCommonAccess(request)
    }

    func updateStatus(_ batch: StatusBatch) async throws { try await inner.updateStatus(batch) }

    func findCatalogItems(type: AccessType, named name: String) async throws -> [CatalogItem] {
        try await inner.findCatalogItems(type: type, named: name)
    }

    func findCatalogItems(type: AccessType, ids: [String]) async throws -> [CatalogItem] {
        try await inner.findCatalogItems(type: type, ids: ids)
    }
}
