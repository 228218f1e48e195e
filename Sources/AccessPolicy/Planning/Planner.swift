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

    public init(
        tenant: any CommonAccessService, requests: (any AccessRequestService)? = nil,
        logger: Logger = Logger(label: "accesspolicy"), concurrency: Int = 8,
        now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.tenant = tenant
        self.requests = requests
        self.logger = logger
        self.concurrency = concurrency
        self.now = now
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

        public init(tenant: String, apiVersion: APIVersion, unmanaged: UnmanagedMode) {
            self.tenant = tenant
            self.apiVersion = apiVersion
            self.unmanaged = unmanaged
        }
    }

    /// The plan for `policy` against the tenant as it is now, with the resolved entries and the live list it
    /// was computed from (apply re-uses them to check convergence).
    /// - Throws: ``PolicyErrors`` when names cannot be resolved; the tenant's errors otherwise.
    /// - Parameter base: the policy already merged (e.g. main checked out beside a pull request); when
    ///   given, each change is marked as asked for by the policy change or as drift.
    public func plan(_ policy: PolicySet, base: PolicySet? = nil, options: Options) async throws -> PlannedRun {
        let clock = ContinuousClock()
        var timings = PlannedRun.Timings()
        var mark = clock.now
        // Pending access requests are read at the same time as the common-access list, and only when rules
        // need them, so a policy without rules needs no access-request scopes.
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
        let requests = self.requests
        async let pendingRead: [PendingAccessRequest]? =
            rules == nil ? nil : requests?.listPendingAccessRequests()
        let live = try await tenant.listCommonAccess()
        let pending = try await pendingRead
        timings.list = mark.duration(to: clock.now)
        logger.debug("listed common access", metadata: ["items": "\(live.count)", "elapsed": "\(timings.list)"])
        mark = clock.now
        let index = await LiveIndex.build(live)
        let indexing = mark.duration(to: clock.now)
        mark = clock.now
        let desired = try await NameResolver(tenant: tenant, concurrency: concurrency)
            .resolve(policy.entries, live: index)
        timings.resolve = mark.duration(to: clock.now)
        mark = clock.now
        var diff = await Diff.computeConcurrently(desired: desired, live: index, unmanaged: options.unmanaged)
        var warnings = diff.warnings
        // The index serves the diff above all, so building it counts as diff time.
        timings.diff = indexing + mark.duration(to: clock.now)
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
        var plan = Plan(
            tenant: options.tenant, apiVersion: options.apiVersion, unmanagedMode: options.unmanaged,
            changes: diff.changes, unmanaged: diff.unmanaged, summary: diff.summary, liveCount: live.count,
            warnings: warnings)
        if let rules, let pending {
            plan.accessRequestRules = rules
            plan.pendingRequests = pending.count
            var catalogNames: [AccessKey: String] = [:]
            if rules.autoApprove != nil && !pending.isEmpty {
                let found = try await self.catalogNames(policy, desired, index)
                catalogNames = found
                // A create sends the tenant's name for the item, not an entry's unchecked label.
                for index in plan.changes.indices where plan.changes[index].action == .create {
                    if let name = found[plan.changes[index].key] { plan.changes[index].name = name }
                }
            }
            let names = AccessRequestPlanner.confirmedItems(
                written: policy.entries, resolved: desired, live: index, catalogNames: catalogNames)
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
        return PlannedRun(plan: plan, desired: desired, live: live, pending: pending ?? [], timings: timings)
    }
}

extension Planner {
    /// The catalog's names for entries written by id whose item is not on the list yet: access requests name
    /// items, so `autoApprove` needs the name of an item the policy confirms before apply creates it.
    ///
    /// - Throws: ``PolicyErrors`` when the catalog cannot be read: without the names, requests for those items
    ///   could be cancelled or closed although the policy confirms them, so the plan stops instead.
    private func catalogNames(_ policy: PolicySet, _ resolved: [PolicyEntry], _ live: LiveIndex) async throws
        -> [AccessKey: String]
    {
        let keys = AccessRequestPlanner.unnamedEntries(written: policy.entries, resolved: resolved, live: live)
        var names: [AccessKey: String] = [:]
        for type in [AccessType.role, .accessProfile] {
            let ids = keys.filter { $0.type == type }.map(\.id)
            guard !ids.isEmpty else { continue }
            do {
                for item in try await tenant.findCatalogItems(type: type, ids: ids) {
                    names[AccessKey(type: type, id: item.id)] = item.name
                }
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                throw PolicyErrors([
                    Diagnostic(
                        at: policy.accessRequestRules?.autoApprove?.location,
                        "autoApprove needs the names of \(keys.count) item(s) written by id and not on the list yet, "
                            + "but reading them from the catalog failed: \(error)",
                        hint: "let the API client read roles and access profiles, or write those entries with name:")
                ])
            }
        }
        return names
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
