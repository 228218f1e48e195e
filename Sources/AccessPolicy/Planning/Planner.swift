public import Logging

/// Reads the tenant, resolves names and computes the plan. Never writes (DESIGN.md §3).
public struct Planner: Sendable {
    public var tenant: any CommonAccessService
    public var logger: Logger
    public var concurrency: Int

    public init(tenant: any CommonAccessService, logger: Logger = Logger(label: "accesspolicy"), concurrency: Int = 8) {
        self.tenant = tenant
        self.logger = logger
        self.concurrency = concurrency
    }

    /// Everything a plan needs besides the policy: where it runs and how to treat unmanaged items.
    public struct Options: Sendable, Hashable {
        public var tenant: String
        public var apiVersion: APIVersion
        public var unmanaged: UnmanagedMode

        public init(tenant: String, apiVersion: APIVersion, unmanaged: UnmanagedMode) {
            self.tenant = tenant
            self.apiVersion = apiVersion
            self.unmanaged = unmanaged
        }
    }

    /// The plan for `policy` against the tenant as it is now, with the resolved entries and the live list it
    /// was computed from (apply re-uses them to check convergence).
    /// - Throws: ``PolicyErrors`` when names cannot be resolved; the tenant's errors otherwise.
    public func plan(_ policy: PolicySet, options: Options) async throws -> PlannedRun {
        let started = ContinuousClock.now
        let live = try await tenant.listCommonAccess()
        logger.debug("listed common access", metadata: ["items": "\(live.count)", "elapsed": "\(ContinuousClock.now - started)"])
        let (desired, warnings) = try await NameResolver(tenant: tenant, concurrency: concurrency)
            .resolve(policy.entries, live: live)
        let diffStarted = ContinuousClock.now
        let diff = Diff.compute(desired: desired, live: live, unmanaged: options.unmanaged)
        logger.debug("computed diff", metadata: ["elapsed": "\(ContinuousClock.now - diffStarted)"])
        let plan = Plan(
            tenant: options.tenant, apiVersion: options.apiVersion, unmanagedMode: options.unmanaged,
            changes: diff.changes, unmanaged: diff.unmanaged, summary: diff.summary, liveCount: live.count,
            warnings: warnings)
        return PlannedRun(plan: plan, desired: desired, live: live)
    }
}

/// A plan with what it was made from.
public struct PlannedRun: Sendable {
    public var plan: Plan
    /// Policy entries with every id resolved.
    public var desired: [PolicyEntry]
    public var live: [LiveItem]

    public init(plan: Plan, desired: [PolicyEntry], live: [LiveItem]) {
        self.plan = plan
        self.desired = desired
        self.live = live
    }
}
