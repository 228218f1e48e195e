import AccessPolicyTestSupport
import Testing

@testable import AccessPolicy

@Suite("Applying plans")
struct ApplierTests {
    func plan(_ tenant: InMemoryTenant, _ desired: [PolicyEntry], unmanaged: UnmanagedMode = .ignore) async throws
        -> Plan
    {
        let diff = Diff.compute(desired: desired, live: try await tenant.listCommonAccess(), unmanaged: unmanaged)
        return Plan(
            tenant: "test", apiVersion: .v2025, unmanagedMode: unmanaged, changes: diff.changes,
            unmanaged: diff.unmanaged, summary: diff.summary, liveCount: 0)
    }

    @Test("creates go one per request, flips in batches, and a re-plan is empty")
    func converges() async throws {
        let items = (1...7).map { live("i\($0)", .role, "r\($0)", .confirmed) }
        let tenant = InMemoryTenant(items: items)
        let desired =
            (1...7).map { entry(.role, "r\($0)", $0 <= 5 ? .denied : .confirmed) }
            + [entry(.role, "new1", .confirmed), entry(.accessProfile, "new2", .denied)]
        let first = try await plan(tenant, desired)
        let report = await Applier(tenant: tenant).apply(first, options: .init(concurrency: 3, batchSize: 2))
        #expect(report.succeeded)
        #expect(report.writeRequests == 2 + 3)
        let writes = await tenant.writes
        #expect(writes.count == 5)
        #expect(writes.filter { if case .updateStatus = $0 { true } else { false } }.count == 3)
        #expect(try await plan(tenant, desired).isEmpty)
    }

    @Test("a failing write is reported with its error and the rest still happen")
    func failureIsReported() async throws {
        let tenant = InMemoryTenant(items: [live("i1", .role, "r1", .confirmed)])
        var broken = try await plan(tenant, [entry(.role, "r1", .denied), entry(.role, "r2", .confirmed)])
        broken.changes[1].itemID = "no-such-item"
        broken.changes[1].action = .update
        let report = await Applier(tenant: tenant).apply(broken, options: .init(concurrency: 1, batchSize: 1))
        #expect(report.failed.count == 1)
        #expect(report.written.count == 1)
        #expect(!report.succeeded)
    }

    @Test("notYetVisible finds creates that are missing and updates with the old status")
    func visibility() {
        let changes = [
            Change(action: .create, key: AccessKey(type: .role, id: "r1"), to: .confirmed),
            Change(action: .update, key: AccessKey(type: .role, id: "r2"), itemID: "i2", from: .confirmed, to: .denied),
        ]
        #expect(Applier.notYetVisible(changes, in: []).count == 2)
        let now = [live("i1", .role, "r1", .confirmed), live("i2", .role, "r2", .denied)]
        #expect(Applier.notYetVisible(changes, in: now).isEmpty)
    }

    @Test("the wait reads at 0, 50, 150 ms, then at its deadline: a write that shows just before it counts")
    func lastReadAtDeadline() async throws {
        // Reads at 0, 50 and 150 ms miss it; the next pause (200 ms) would overshoot the 300 ms wait, so the
        // last read is at 300 ms itself.
        let clock = ManualClock()
        let tenant = LateTenant(visibleAfter: .milliseconds(250), clock: clock)
        let plan = Plan(
            tenant: "t", apiVersion: .v2025, unmanagedMode: .ignore,
            changes: [
                Change(
                    action: .update, key: AccessKey(type: .role, id: "r1"), itemID: "i1", from: .confirmed, to: .denied)
            ], unmanaged: [], summary: .init(), liveCount: 1)
        let applying = Task {
            await Applier(tenant: tenant, clock: clock).apply(
                plan, options: .init(wait: .milliseconds(300), pollInterval: .milliseconds(50)))
        }
        for pause in [50, 100, 150] {
            #expect(await clock.waitForSleepers(1))
            clock.advance(by: .milliseconds(pause))
        }
        let report = await applying.value
        #expect(report.converged)
        #expect(report.pending.isEmpty)
        // The re-read before writing, then reads at 0, 50, 150 and 300 ms.
        #expect(await tenant.readsAt == [0, 0, 50, 150, 300].map { clock.now.advanced(by: .milliseconds($0 - 300)) })
    }
}

/// A tenant whose status change shows only some time after it was written, as ISC's asynchronous writes do.
private actor LateTenant: CommonAccessService {
    let visibleAfter: Duration
    let clock: ManualClock
    var writtenAt: ManualClock.Instant?
    private(set) var readsAt: [ManualClock.Instant] = []

    init(visibleAfter: Duration, clock: ManualClock) {
        self.visibleAfter = visibleAfter
        self.clock = clock
    }

    func listCommonAccess() async throws -> [LiveItem] {
        readsAt.append(clock.now)
        let shows = writtenAt.map { $0.duration(to: clock.now) >= visibleAfter } ?? false
        return [live("i1", .role, "r1", shows ? .denied : .confirmed)]
    }

    func createCommonAccess(_ request: NewCommonAccess) async throws -> LiveItem {
        throw CancellationError()
    }

    func updateStatus(_ batch: StatusBatch) async throws { writtenAt = clock.now }

    func findCatalogItems(type: AccessType, named name: String) async throws -> [CatalogItem] { [] }
    func findCatalogItems(type: AccessType, ids: [String]) async throws -> [CatalogItem] { [] }
}
