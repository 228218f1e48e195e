public import Foundation
public import Logging

/// Reads the tenant, resolves names and computes the plan. Never writes (DESIGN.md §3).
public struct Planner: Sendable {
    public var tenant: any CommonAccessService
    /// Needed only when the policy has `accessRequests:` rules.
    public var requests: (any AccessRequestService)?
    public var logger: Logger
    public var concurrency: Int
    /// The time request ages are measured against.
    public var now: @Sendable () -> Date
    /// Times the phases of a plan (for `--timings`).
    public var clock: any Clock<Duration>

    public init(
        tenant: any CommonAccessService, requests: (any AccessRequestService)? = nil,
        logger: Logger = Logger(label: "accesspolicy"), concurrency: Int = 8,
        now: @escaping @Sendable () -> Date = Date.init, clock: any Clock<Duration> = ContinuousClock()
    ) {
        self.tenant = tenant
        self.requests = requests
        self.logger = logger
        self.concurrency = concurrency
        self.now = now
        self.clock = clock
    }

    /// Why a plan cannot be made at all.
    public struct SetupError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Everything a plan needs besides the policy: where it runs and how to treat unmanaged items.
    public struct Options: Sendable, Hashable {
        public var tenant: String
        public var apiVersion: APIVersion
        public var unmanaged: UnmanagedMode
        /// Items apply must never set to DENIED; each must name something in the tenant.
        public var protected: [ProtectedItem]
        /// The config file the run uses (for the plan's header); nil when none.
        public var configFile: String?
        /// The limits the plan is held to (its ``Plan/guardBreaches``), and the ones overridden: guard name →
        /// the reason given. The plan evaluates them, in one place, for `plan` and `apply` alike.
        public var guards: Guards
        public var overrides: [String: String]

        public init(
            tenant: String, apiVersion: APIVersion, unmanaged: UnmanagedMode, protected: [ProtectedItem] = [],
            configFile: String? = nil, guards: Guards = Guards(), overrides: [String: String] = [:]
        ) {
            self.tenant = tenant
            self.apiVersion = apiVersion
            self.unmanaged = unmanaged
            self.protected = protected
            self.configFile = configFile
            self.guards = guards
            self.overrides = overrides
        }
    }

    /// The plan for `policy` against the tenant as it is now, with the resolved entries and the live list it
    /// was computed from (apply re-uses them to check convergence).
    /// - Throws: ``PolicyErrors`` when names cannot be resolved, a create's id is not of its type in the catalog,
    ///   a protected item matches nothing, or an empty policy meets `unmanaged: deny`; the tenant's errors
    ///   otherwise.
    /// - Parameter base: the policy already merged (e.g. main checked out beside a pull request); when
    ///   given, each change is marked as asked for by the policy change or as drift.
    public func plan(_ policy: PolicySet, base: PolicySet? = nil, options: Options) async throws -> PlannedRun {
        var stopwatch = Stopwatch(clock)
        var timings = PlannedRun.Timings()
        try policy.checkUsable(unmanaged: options.unmanaged)
        let rules = policy.accessRequestRules
        guard rules == nil || requests != nil else {
            throw SetupError(description: "the policy has accessRequests rules, but this tenant has no access requests")
        }
        if let rules, options.apiVersion == .beta {
            let missing = [
                rules.cancel.map { ("cancel", "bulk cancel (POST /access-requests/bulk-cancel)", $0.location) },
                rules.autoApprove.map {
                    ("autoApprove", "bulk approve (POST /access-request-approvals/bulk-approve)", $0.location)
                },
            ].compactMap { $0 }
            if !missing.isEmpty {
                throw PolicyErrors(
                    missing.map { rule, endpoint, location in
                        Diagnostic(
                            at: location, "\(rule) needs \(endpoint), which API version beta does not have",
                            hint: "set apiVersion to v2025 (or v2024, v2026, v1) in accesspolicy.yaml")
                    })
            }
        }
        // Pending access requests are read at the same time as the common-access list, and only when rules
        // need them, so a policy without rules needs no access-request scopes.
        let requests = self.requests
        async let pendingRead: [PendingAccessRequest]? =
            rules == nil ? nil : requests?.listPendingAccessRequests()
        let live = try await tenant.listCommonAccess()
        let pending = try await pendingRead
        timings.list = stopwatch.lap()
        logger.debug("listed common access", metadata: ["items": "\(live.count)", "elapsed": "\(timings.list)"])
        let index = await LiveIndex.build(live)
        let indexing = stopwatch.lap()
        let desired = try await NameResolver(tenant: tenant, concurrency: concurrency)
            .resolve(policy.entries, live: index)
        timings.resolve = stopwatch.lap()
        var diff = await Diff.computeConcurrently(desired: desired, live: index, unmanaged: options.unmanaged)
        var warnings = policy.warnings + diff.warnings
        // The index serves the diff above all, so building it counts as diff time.
        timings.diff = indexing + stopwatch.lap()
        logger.debug("computed diff", metadata: ["elapsed": "\(timings.diff)"])
        if let base {
            let resolvedBase = try await NameResolver(tenant: tenant, concurrency: concurrency)
                .resolveAll(base.entries, live: index)
            warnings += resolvedBase.errors.map { error in
                var warning = error
                warning.severity = .warning
                warning.message = "base policy: \(error.message)"
                return warning
            }
            let baseDiff = await Diff.computeConcurrently(
                desired: resolvedBase.entries, live: index, unmanaged: options.unmanaged)
            Diff.markDrift(&diff, base: baseDiff)
        }
        let catalog = try await CatalogCheck(tenant: tenant).check(diff.changes.filter { $0.action == .create })
        // A create sends the tenant's name for the item, not an entry's unchecked label.
        for index in diff.changes.indices where diff.changes[index].action == .create {
            if let name = catalog.names[diff.changes[index].key] { diff.changes[index].name = name }
        }
        let protected = try await ProtectedResolver(tenant: tenant).resolve(options.protected, live: index)
        let problems = catalog.diagnostics + protected.diagnostics
        guard problems.isEmpty else { throw PolicyErrors(problems) }
        var plan = Plan(
            tenant: options.tenant, apiVersion: options.apiVersion, unmanagedMode: options.unmanaged,
            changes: diff.changes, unmanaged: diff.unmanaged, summary: diff.summary, liveCount: live.count,
            warnings: warnings)
        plan.protectedKeys = protected.keys
        plan.configFile = options.configFile
        if let rules, let pending {
            plan.accessRequestRules = rules
            plan.pendingRequests = pending.count
            let names = AccessRequestPlanner.confirmedItems(
                written: policy.entries, resolved: desired, live: index, catalogNames: catalog.names)
            plan.requestActions = AccessRequestPlanner.actions(
                rules: rules, pending: pending, confirmed: names.approvable, protected: names.all, now: now()
            ).map { action in
                guard action.rule == .autoApprove, let item = AccessRequestPlanner.ItemName(action.request) else {
                    return action
                }
                var action = action
                action.awaitsCommonAccess = !names.confirmedInTenant.contains(item)
                return action
            }
        }
        plan.guardBreaches = GuardCheck.evaluate(plan, guards: options.guards, overrides: options.overrides)
        return PlannedRun(plan: plan, desired: desired, live: live, pending: pending ?? [], timings: timings)
    }
}

/// A plan with what it was made from.
public struct PlannedRun: Sendable {
    public var plan: Plan
    /// Policy entries with every id resolved.
    public var desired: [PolicyEntry]
    public var live: [LiveItem]
    /// The pending access requests the plan was made from (empty without rules).
    public var pending: [PendingAccessRequest]
    /// Where the time went, for `--timings` and the benchmark.
    public var timings: Timings

    public struct Timings: Sendable, Hashable {
        public var list: Duration = .zero
        public var resolve: Duration = .zero
        public var diff: Duration = .zero

        public init() {}
    }

    public init(
        plan: Plan, desired: [PolicyEntry], live: [LiveItem], pending: [PendingAccessRequest] = [],
        timings: Timings = .init()
    ) {
        self.plan = plan
        self.desired = desired
        self.live = live
        self.pending = pending
        self.timings = timings
    }
}
