import AccessPolicy
import AccessPolicyTestSupport
import Foundation
import ISCClient
import Sandbox
import Testing

/// Plan and apply through the real client against a sandbox that fails, limits, expires tokens and applies
/// writes late. After every run the tenant must equal the policy, hold each item once, and show no write
/// that was not needed.
@Suite("Apply converges against an unreliable tenant")
struct ReliabilityEndToEndTests {
    @Test("5 % random 500s and a tight rate limit: apply converges, no duplicate, the re-plan is empty")
    func randomErrorsAndRateLimit() async throws {
        let changes = SeededChanges(creates: 20, flips: 10)
        let set = try policy(["changes.yaml": changes.yaml])
        let before = await TenantStore().snapshot()
        var sandbox = SandboxConfiguration()
        sandbox.errorRate = 0.05
        sandbox.rateLimit = SandboxRateLimit(requests: 20, per: .seconds(2))
        // With this seed the 5th, 7th, 9th and 16th API requests the sandbox admits fail, whatever their order.
        sandbox.seed = 17
        try await withSandboxClient(configuration: sandbox, adjust: Self.tightLimitAndQuickRetries) {
            client, store, metrics in
            let plan = try await Planner(tenant: client).plan(set, options: planOptions).plan
            #expect(plan.summary.create == 20)
            #expect(plan.summary.update == 10)

            let report = await Applier(tenant: client).apply(plan, options: Self.options(batchSize: 3))
            #expect(report.succeeded, "\(report.failed.map(\.error))")
            #expect(report.written.count == 30)
            #expect(report.writeRequests == 20 + 4)

            #expect(await changes.mismatches(in: store, before: before) == [])
            #expect(try await Planner(tenant: client).plan(set, options: planOptions).plan.isEmpty)
            let served = await metrics.snapshot()
            #expect(served.responsesByStatus["500", default: 0] > 0, "the fault injection did not fire")
            #expect(await client.statistics().retries >= served.responsesByStatus["500", default: 0])
        }
    }

    @Test("a create answered 500 after it took effect is found by re-listing, never posted twice")
    func errorAfterCreate() async throws {
        let changes = SeededChanges(creates: 10, flips: 0)
        let set = try policy(["changes.yaml": changes.yaml])
        let before = await TenantStore().snapshot()
        var sandbox = SandboxConfiguration()
        sandbox.errorAfterWriteRate = 1
        try await withSandboxClient(configuration: sandbox, adjust: Self.quickRetries) { client, store, metrics in
            let plan = try await Planner(tenant: client).plan(set, options: planOptions).plan
            let report = await Applier(tenant: client).apply(plan, options: Self.options(batchSize: 250))
            #expect(report.succeeded, "\(report.failed.map(\.error))")
            #expect(report.written.count == 10)

            let served = await metrics.snapshot()
            #expect(served.requestsByRoute["POST /v2025/common-access"] == 10)
            #expect(served.responsesByStatus["500"] == 10)
            #expect(await changes.mismatches(in: store, before: before) == [])
            #expect(try await Planner(tenant: client).plan(set, options: planOptions).plan.isEmpty)
        }
    }

    @Test("connections closed without an answer: writes are retried after a re-list, apply converges, none doubled")
    func droppedConnections() async throws {
        let changes = SeededChanges(creates: 12, flips: 4)
        let set = try policy(["changes.yaml": changes.yaml])
        let before = await TenantStore().snapshot()
        var sandbox = SandboxConfiguration()
        sandbox.dropConnectionRate = 0.1
        // With this seed the 5th, 9th, 17th and 18th API requests the sandbox receives are dropped.
        sandbox.seed = 8
        try await withSandboxClient(configuration: sandbox, adjust: Self.quickRetries) { client, store, metrics in
            let plan = try await Planner(tenant: client).plan(set, options: planOptions).plan
            let report = await Applier(tenant: client).apply(plan, options: Self.options(batchSize: 2))
            #expect(report.succeeded, "\(report.failed.map(\.error))")
            #expect(report.writeRequests == 12 + 2)

            #expect(await changes.mismatches(in: store, before: before) == [])
            #expect(try await Planner(tenant: client).plan(set, options: planOptions).plan.isEmpty)
            #expect(await metrics.snapshot().droppedConnections > 0, "the fault injection did not fire")
        }
    }

    @Test("tokens that live two seconds are refreshed during a longer apply, which converges")
    func shortTokens() async throws {
        let changes = SeededChanges(creates: 18, flips: 6)
        let set = try policy(["changes.yaml": changes.yaml])
        let before = await TenantStore().snapshot()
        var sandbox = SandboxConfiguration()
        sandbox.tokenTTL = .seconds(2)
        // 27 requests one after the other (24 writes, 3 lists), each at least 150 ms: over 4 s, so the run needs
        // at least three tokens (each is refreshed 0.2 s before it expires).
        sandbox.latency = .milliseconds(150)
        try await withSandboxClient(configuration: sandbox, adjust: Self.quickRetries) { client, store, metrics in
            let plan = try await Planner(tenant: client).plan(set, options: planOptions).plan
            let report = await Applier(tenant: client).apply(
                plan, options: Self.options(concurrency: 1, batchSize: 1))
            #expect(report.succeeded, "\(report.failed.map(\.error))")
            #expect(report.writeRequests == 24)
            #expect(try await Planner(tenant: client).plan(set, options: planOptions).plan.isEmpty)

            let served = await metrics.snapshot()
            #expect(served.requestsByRoute["POST /oauth/token", default: 0] >= 3)
            #expect(await changes.mismatches(in: store, before: before) == [])
        }
    }

    @Test("writes that show only after 2 s: apply waits for them; with a 1 s wait it reports them pending")
    func delayedWrites() async throws {
        let changes = SeededChanges(creates: 3, flips: 2)
        let set = try policy(["changes.yaml": changes.yaml])
        let before = await TenantStore().snapshot()
        var sandbox = SandboxConfiguration()
        sandbox.writeDelay = .seconds(2)
        try await withSandboxClient(configuration: sandbox) { client, store, _ in
            let plan = try await Planner(tenant: client).plan(set, options: planOptions).plan
            let started = ContinuousClock.now
            let report = await Applier(tenant: client).apply(plan, options: Self.options(wait: .seconds(60)))
            #expect(report.succeeded)
            #expect(report.pending.isEmpty)
            #expect(started.duration(to: .now) >= .seconds(2))
            #expect(await changes.mismatches(in: store, before: before) == [])
        }
        // Much longer than the wait, so that even a stalled machine cannot see the writes land in time. That
        // the next plan is empty once they land is checked through the CLI (ReliabilityCommandTests).
        sandbox.writeDelay = .seconds(60)
        try await withSandboxClient(configuration: sandbox) { client, store, _ in
            let plan = try await Planner(tenant: client).plan(set, options: planOptions).plan
            let report = await Applier(tenant: client).apply(plan, options: Self.options(wait: .seconds(1)))
            #expect(!report.converged && !report.succeeded)
            #expect(report.failed.isEmpty && report.notSent.isEmpty)
            #expect(Set(report.pending.map(\.key)) == Set(plan.changes.map(\.key)))
            #expect(await !store.snapshot().pendingWrites.isEmpty)
        }
    }

    @Test("a stop requested part-way: no new write starts, the report matches what the tenant shows")
    func stopPartWay() async throws {
        let changes = SeededChanges(creates: 20, flips: 0)
        let set = try policy(["changes.yaml": changes.yaml])
        var sandbox = SandboxConfiguration()
        sandbox.latency = .milliseconds(50)
        try await withSandboxClient(configuration: sandbox) { client, store, metrics in
            let plan = try await Planner(tenant: client).plan(set, options: planOptions).plan
            let stop = ApplyStop()
            let applying = Task {
                await Applier(tenant: client).apply(plan, options: Self.options(concurrency: 2), stop: stop)
            }
            try await waitUntil {
                await metrics.snapshot().requestsByRoute["POST /v2025/common-access", default: 0] >= 4
            }
            stop.request()
            let report = await applying.value

            #expect(report.interrupted)
            #expect(!report.succeeded)
            #expect(!report.notSent.isEmpty)
            #expect(report.written.count + report.notSent.count == 20)
            let live = await store.snapshot().commonAccess
            let created = Set(changes.creates).intersection(live.map { "\($0.accessType.rawValue) \($0.accessID)" })
            #expect(created == Set(report.written.map { "\($0.key.type.rawValue) \($0.key.id)" }))
            #expect(await metrics.snapshot().requestsByRoute["POST /v2025/common-access"] == report.written.count)
        }
    }

    @Test("a stop during the convergence wait ends the wait at once; the writes are reported, nothing as pending")
    func stopWhileWaiting() async throws {
        let changes = SeededChanges(creates: 2, flips: 1)
        let set = try policy(["changes.yaml": changes.yaml])
        var sandbox = SandboxConfiguration()
        sandbox.writeDelay = .seconds(600)
        try await withSandboxClient(configuration: sandbox) { client, _, _ in
            let plan = try await Planner(tenant: client).plan(set, options: planOptions).plan
            let stop = ApplyStop()
            let report = await Applier(tenant: client).apply(
                plan, options: Self.options(wait: .seconds(600)), stop: stop
            ) { event in
                if case .waiting = event { stop.request() }
            }
            #expect(report.interrupted)
            #expect(!report.converged)
            #expect(report.written.count == 3)
            #expect(report.pending.isEmpty && report.notSent.isEmpty && report.failed.isEmpty)
        }
    }

    @Test("a stop requested before apply starts sends nothing and reports every change as not sent")
    func stopBeforeStart() async throws {
        let set = try policy(["changes.yaml": SeededChanges(creates: 3, flips: 2).yaml])
        try await withSandboxClient { client, _, metrics in
            let plan = try await Planner(tenant: client).plan(set, options: planOptions).plan
            let stop = ApplyStop()
            #expect(stop.request())
            #expect(!stop.request())
            let report = await Applier(tenant: client).apply(plan, stop: stop)
            #expect(report.interrupted)
            #expect(report.writeRequests == 0)
            #expect(report.notSent.count == 5)
            #expect(await metrics.snapshot().writeRequests == 0)
        }
    }

    // MARK: - Settings

    static func options(
        concurrency: Int = 4, batchSize: Int = 250, wait: Duration = .seconds(30)
    ) -> Applier.Options {
        Applier.Options(
            concurrency: concurrency, batchSize: batchSize, wait: wait, pollInterval: .milliseconds(100))
    }

    /// Backoff in milliseconds, so retries do not dominate the test's run time.
    @Sendable static func quickRetries(_ configuration: inout ISCClientConfiguration) {
        configuration.retryBaseDelay = .milliseconds(20)
        configuration.maxRetryDelay = .milliseconds(300)
    }

    /// The client's limiter set like the sandbox's gateway (20 requests per 2 s), plus quick retries.
    @Sendable static func tightLimitAndQuickRetries(_ configuration: inout ISCClientConfiguration) {
        quickRetries(&configuration)
        configuration.rateLimit = RateLimit(requests: 20, window: .seconds(2))
    }
}
