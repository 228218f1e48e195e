public import Logging

/// Executes a plan: creates one by one (concurrently), status changes in batches, then the access-request
/// actions in batches at ISC's limits (approve and cancel 50, close 500), then re-reads the tenant until it
/// shows every write or the wait runs out (ISC applies writes asynchronously). Approvals of items the plan
/// itself confirms go last, once the tenant lists those items CONFIRMED.
public struct Applier: Sendable {
    public struct Options: Sendable, Hashable {
        /// Most writes in flight at once.
        public var concurrency: Int
        /// Most item ids in one `update-status` call. ISC documents no limit; one list page's worth keeps
        /// bodies small and a failed batch cheap to retry.
        public var batchSize: Int
        /// How long to wait for the tenant to show the writes before giving up (exit code 4).
        public var wait: Duration
        /// First pause between re-reads; doubles up to 5 s.
        public var pollInterval: Duration

        public init(
            concurrency: Int = 8, batchSize: Int = 250, wait: Duration = .seconds(120),
            pollInterval: Duration = .milliseconds(500)
        ) {
            self.concurrency = max(1, concurrency)
            self.batchSize = max(1, batchSize)
            self.wait = wait
            self.pollInterval = pollInterval
        }
    }

    /// Progress for a terminal: called from many tasks.
    public enum Event: Sendable {
        case wrote(done: Int, total: Int)
        case waiting(pending: Int)
    }

    public var tenant: any CommonAccessService
    /// Needed only for plans with access-request actions.
    public var requests: (any AccessRequestService)?
    public var logger: Logger
    public var clock: any Clock<Duration>

    public init(
        tenant: any CommonAccessService, requests: (any AccessRequestService)? = nil,
        logger: Logger = Logger(label: "accesspolicy"), clock: any Clock<Duration> = ContinuousClock()
    ) {
        self.tenant = tenant
        self.requests = requests
        self.logger = logger
        self.clock = clock
    }

    /// One write request: a create, an update-status batch, or one access-request call.
    enum Job: Sendable {
        case changes([Change])
        case requests(RequestAction.Rule, [RequestAction])

        var size: Int {
            switch self {
            case .changes(let changes): changes.count
            case .requests(_, let actions): actions.count
            }
        }
    }

    /// Applies `plan`. Never throws for a failed write: failures are in the report, so the caller can say
    /// exactly what was and was not done.
    ///
    /// - Parameter stop: when requested (Ctrl-C), no new write starts, the writes in flight finish and are
    ///   reported, the rest is reported as not sent, and the convergence wait is skipped or cut short; the
    ///   report is then marked ``ApplyReport/interrupted``. Cancelling the task also stops new writes, but
    ///   cancels the writes in flight with it, so their effect is unknown: prefer `stop`.
    public func apply(
        _ plan: Plan, options: Options = .init(), stop: ApplyStop? = nil, progress: (@Sendable (Event) -> Void)? = nil
    ) async -> ApplyReport {
        var report = ApplyReport()
        // What the tenant shows just before the first write: another run, or a person, may have made some of the
        // changes since the plan was read. Those are not sent again; a create whose item appeared meanwhile
        // becomes a status change of that item. If the tenant cannot be read, nothing is sent.
        var changes = plan.changes
        if !changes.isEmpty {
            do {
                let now = Self.stillNeeded(changes, in: try await tenant.listCommonAccess())
                (changes, report.alreadyDone, report.failed) = (now.needed, now.done, now.refused)
            } catch {
                let reason = "not sent: reading the tenant before writing failed: \(error)"
                report.failed = changes.map { ApplyReport.Failure(change: $0, error: reason) }
                report.requestsFailed = plan.requestActions.map {
                    ApplyReport.RequestFailure(action: $0, error: reason)
                }
                return report
            }
        }
        let creates = changes.filter { $0.action == .create }
        let updates = changes.filter { $0.action == .update }
        let batches = stride(from: 0, to: updates.count, by: options.batchSize).map {
            Array(updates[$0..<min($0 + options.batchSize, updates.count)])
        }
        // Approvals of items this plan confirms go last, once the tenant shows them CONFIRMED.
        func waits(_ action: RequestAction) -> Bool { action.rule == .autoApprove && action.awaitsCommonAccess }
        let awaiting = plan.requestActions.filter(waits)
        let immediate = plan.requestActions.filter { !waits($0) }
        let jobs = creates.map { Job.changes([$0]) } + batches.map(Job.changes) + Self.requestJobs(immediate)
        var counter = Progress(total: changes.count + plan.requestActions.count, callback: progress)
        await send(jobs, rules: plan.accessRequestRules, options: options, stop: stop, into: &report, &counter)

        // Both waits share --wait.
        var budget = options.wait
        var unseen = report.written
        if !awaiting.isEmpty {
            // Re-read until every awaited item shows CONFIRMED (or every write shows), then approve those that do.
            budget -= await clock.measure {
                var view: TenantView?
                if !(stop?.isRequested ?? false) {
                    let written = report.written
                    view = await unlessStopped(stop) {
                        await waitForTenant(
                            showing: written, requests: [], within: options.wait, clock: clock, options: options,
                            until: { Self.confirmedInTenant(awaiting, live: $0).count == awaiting.count },
                            progress: progress)
                    }
                }
                guard let view else {
                    report.requestsNotSent += awaiting
                    return
                }
                unseen = view.changes
                let ready = Self.confirmedInTenant(awaiting, live: view.live ?? [])
                report.requestsHeldBack = awaiting.filter { !ready.contains($0) }
                await send(
                    Self.requestJobs(ready), rules: plan.accessRequestRules, options: options, stop: stop,
                    into: &report, &counter)
            }
        }

        // Stopped during the writes: the tenant is not re-read; the caller says what was and was not sent.
        report.interrupted = stop?.isRequested ?? false
        guard !report.written.isEmpty || !report.requestsWritten.isEmpty, !report.interrupted else {
            report.converged =
                report.failed.isEmpty && report.notSent.isEmpty && report.requestsFailed.isEmpty
                && report.requestsNotSent.isEmpty && report.requestsHeldBack.isEmpty && !report.interrupted
            return report
        }
        let requestsWritten = report.requestsWritten
        let remaining = max(budget, .zero)
        let stillUnseen = unseen
        let waited = await unlessStopped(stop) {
            await waitForTenant(
                showing: stillUnseen, requests: requestsWritten, within: remaining, clock: clock, options: options,
                progress: progress)
        }
        guard let waited else {
            // Stopped while waiting: what is visible is unknown, so nothing is reported as pending.
            report.interrupted = true
            return report
        }
        report.pending = waited.changes
        report.requestsPending = waited.requests
        report.converged = waited.changes.isEmpty && waited.requests.isEmpty && report.requestsHeldBack.isEmpty
        return report
    }

    /// Counts what was sent, for the progress callback.
    private struct Progress {
        var done = 0
        var total: Int
        var callback: (@Sendable (Event) -> Void)?
    }

    /// Sends `jobs`, at most `options.concurrency` at once, filing each under written, failed or not sent.
    private func send(
        _ jobs: [Job], rules: AccessRequestRules?, options: Options, stop: ApplyStop?, into report: inout ApplyReport,
        _ progress: inout Progress
    ) async {
        await withTaskGroup(of: (jobIndex: Int, error: String?).self) { group in
            var next = 0
            func addNext() -> Bool {
                guard next < jobs.count, !Task.isCancelled, !(stop?.isRequested ?? false) else { return false }
                let index = next
                let job = jobs[index]
                next += 1
                group.addTask { (index, await self.write(job, rules: rules)) }
                return true
            }
            for _ in 0..<options.concurrency where !addNext() { break }
            while let (index, error) = await group.next() {
                report.writeRequests += 1
                report.record(jobs[index], error: error)
                progress.done += jobs[index].size
                progress.callback?(.wrote(done: progress.done, total: progress.total))
                _ = addNext()
            }
            for job in jobs[next...] { report.recordNotSent(job) }
        }
    }

    /// Runs `body` until it returns or `stop` is requested, whichever comes first; on a stop, cancels `body`
    /// (only reads and sleeps run in it, so cancelling them loses nothing) and returns nil.
    private func unlessStopped<T: Sendable>(_ stop: ApplyStop?, _ body: @escaping @Sendable () async -> T) async
        -> T?
    {
        guard let stop else { return await body() }
        return await withTaskGroup(of: T?.self) { group in
            group.addTask { await body() }
            group.addTask {
                await stop.wait()
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }

    /// Access-request actions grouped into calls at ISC's limits: approvals by approval id (50 per call),
    /// cancels and closes by identity request id (50 and 500 per call). The items of one identity request share
    /// its id and always go in the same call, so no request is cancelled or closed by two calls at once.
    static func requestJobs(_ actions: [RequestAction]) -> [Job] {
        var jobs: [Job] = []
        for rule in RequestAction.Rule.allCases {
            let limit =
                switch rule {
                case .autoApprove: AccessRequestLimits.approve
                case .cancel: AccessRequestLimits.cancel
                case .closeStale: AccessRequestLimits.close
                }
            // Units that must not be split: an item for approvals, an identity request for cancel and close.
            var units: [[RequestAction]] = []
            var unitOfRequest: [String: Int] = [:]
            for action in actions where action.rule == rule {
                guard rule != .autoApprove else {
                    units.append([action])
                    continue
                }
                if let unit = unitOfRequest[action.request.requestID] {
                    units[unit].append(action)
                } else {
                    unitOfRequest[action.request.requestID] = units.count
                    units.append([action])
                }
            }
            var batch: [RequestAction] = []
            var ids = Set<String>()
            for unit in units {
                let unitIDs = Set(unit.flatMap(Self.ids(of:)))
                if !batch.isEmpty && ids.union(unitIDs).count > limit {
                    jobs.append(.requests(rule, batch))
                    batch = []
                    ids = []
                }
                batch += unit
                ids.formUnion(unitIDs)
            }
            if !batch.isEmpty { jobs.append(.requests(rule, batch)) }
        }
        return jobs
    }

    /// The ids a call for `action` carries: approval ids for approvals, the identity request id otherwise.
    static func ids(of action: RequestAction) -> [String] {
        action.rule == .autoApprove ? action.request.approvalIDs : [action.request.requestID]
    }

    /// Sends one job. Returns the error text, or nil on success.
    private func write(_ job: Job, rules: AccessRequestRules?) async -> String? {
        do {
            switch job {
            case .changes(let changes):
                if changes.count == 1, let change = changes.first, change.action == .create {
                    let access = AccessReference(type: change.key.type, id: change.key.id, name: change.name)
                    let item = try await tenant.createCommonAccess(NewCommonAccess(access: access, status: change.to))
                    // Already on the list (another run created it meanwhile) with another status: set it, unless
                    // that denies live access the plan did not show as a denial.
                    if item.status != change.to && change.to == .denied {
                        return Self.unreviewedDenial(item.status)
                    }
                    if item.status != change.to {
                        logger.debug("\(change.key) was already listed as \(item.status); setting \(change.to)")
                        try await tenant.updateStatus(
                            change.to == .confirmed
                                ? StatusBatch(confirmedIDs: [item.id]) : StatusBatch(deniedIDs: [item.id]))
                    }
                } else {
                    let batch = StatusBatch(
                        confirmedIDs: changes.filter { $0.to == .confirmed }.compactMap(\.itemID),
                        deniedIDs: changes.filter { $0.to == .denied }.compactMap(\.itemID))
                    try await tenant.updateStatus(batch)
                }
            case .requests(let rule, let actions):
                guard let requests, let rules else { return "this tenant cannot act on access requests" }
                var seen = Set<String>()
                let ids = actions.flatMap(Self.ids(of:)).filter { seen.insert($0).inserted }
                switch rule {
                case .autoApprove:
                    guard let approve = rules.autoApprove else { return "the plan has no autoApprove rule" }
                    try await requests.approveAccessRequests(approvalIDs: ids, comment: approve.comment)
                case .cancel:
                    guard let cancel = rules.cancel else { return "the plan has no cancel rule" }
                    try await requests.cancelAccessRequests(requestIDs: ids, comment: cancel.comment)
                case .closeStale:
                    guard let close = rules.closeStale else { return "the plan has no closeStale rule" }
                    try await requests.closeAccessRequests(
                        CloseAccessRequests(
                            requestIDs: ids, message: close.message, executionStatus: close.executionStatus,
                            completionStatus: close.completionStatus))
                }
            }
            return nil
        } catch {
            logger.debug("write failed", metadata: ["error": "\(error)"])
            return "\(error)"
        }
    }

    /// What a wait saw: the changes and request actions not visible yet, and the last list read, if any.
    struct TenantView: Sendable {
        var changes: [Change]
        var requests: [RequestAction]
        var live: [LiveItem]?
    }

    /// Re-reads the tenant until every written change and request action shows; returns those that do not.
    /// The last read is at the deadline itself, so a write that shows just before it counts. With `satisfied`,
    /// the common-access list is read at least once, and the wait also ends when the list satisfies it.
    private func waitForTenant<C: Clock<Duration>>(
        showing written: [Change], requests acted: [RequestAction], within budget: Duration, clock: C,
        options: Options, until satisfied: (@Sendable ([LiveItem]) -> Bool)? = nil,
        progress: (@Sendable (Event) -> Void)?
    ) async -> TenantView {
        let deadline = clock.now.advanced(by: budget)
        var pause = options.pollInterval
        var view = TenantView(changes: written, requests: acted)
        while true {
            do {
                if !view.changes.isEmpty || satisfied != nil {
                    let live = try await tenant.listCommonAccess()
                    view.changes = Self.notYetVisible(view.changes, in: live)
                    view.live = live
                }
                if !view.requests.isEmpty, let requests {
                    view.requests = Self.stillPending(view.requests, in: try await requests.listPendingAccessRequests())
                }
            } catch is CancellationError {
                return view
            } catch {
                logger.debug("re-reading the tenant failed", metadata: ["error": "\(error)"])
            }
            if let satisfied, let live = view.live, satisfied(live) { return view }
            let listed = satisfied == nil || view.live != nil
            guard !view.changes.isEmpty || !view.requests.isEmpty || !listed else { return view }
            progress?(.waiting(pending: view.changes.count + view.requests.count))
            let remaining = clock.now.duration(to: deadline)
            guard remaining > .zero, !Task.isCancelled else { return view }
            do { try await clock.sleep(for: min(pause, remaining)) } catch { return view }
            pause = min(pause * 2, .seconds(5))
        }
    }

    /// The approvals whose item the tenant lists as CONFIRMED, under the name the access request gives it, and
    /// under no other status.
    static func confirmedInTenant(_ approvals: [RequestAction], live: [LiveItem]) -> [RequestAction] {
        var statuses: [AccessRequestPlanner.ItemName: Set<CommonAccessStatus>] = [:]
        for item in live {
            if let name = AccessRequestPlanner.ItemName(item) { statuses[name, default: []].insert(item.status) }
        }
        return approvals.filter { action in
            AccessRequestPlanner.ItemName(action.request).map { statuses[$0] == [.confirmed] } ?? false
        }
    }

    /// Actions the tenant does not show as done yet: a cancelled or closed request still pending, or an
    /// approved item still waiting on one of the approvals we sent.
    static func stillPending(_ actions: [RequestAction], in pending: [PendingAccessRequest]) -> [RequestAction] {
        let byItem = PendingAccessRequest.byItemKey(pending)
        return actions.filter { action in
            guard let now = byItem[action.request.itemKey] else { return false }
            if action.rule == .autoApprove {
                return !Set(now.approvalIDs).isDisjoint(with: action.request.approvalIDs)
            }
            return true
        }
    }

    /// The changes `live` does not show yet, and those it does. A create whose access is now listed with
    /// another status becomes an update of that item — unless that would deny an item that is live and not
    /// DENIED: the plan showed a new item, not access taken away, and the denial guards did not count it, so it
    /// is refused (plan again to review it as the denial it now is).
    static func stillNeeded(_ changes: [Change], in live: [LiveItem]) -> (
        needed: [Change], done: [Change], refused: [ApplyReport.Failure]
    ) {
        var byItem: [String: LiveItem] = Dictionary(minimumCapacity: live.count)
        var byKey: [AccessKey: [LiveItem]] = Dictionary(minimumCapacity: live.count)
        for item in live {
            byItem[item.id] = item
            byKey[item.key, default: []].append(item)
        }
        var needed: [Change] = []
        var done: [Change] = []
        var refused: [ApplyReport.Failure] = []
        for change in changes {
            if let itemID = change.itemID {
                if byItem[itemID]?.status == change.to { done.append(change) } else { needed.append(change) }
                continue
            }
            let listed = byKey[change.key] ?? []
            if listed.contains(where: { $0.status == change.to }) {
                done.append(change)
            } else if let item = listed.first, change.to == .denied {
                refused.append(.init(change: change, error: Self.unreviewedDenial(item.status)))
            } else if let item = listed.first {
                var update = change
                update.action = .update
                update.itemID = item.id
                update.from = item.status
                needed.append(update)
            } else {
                needed.append(change)
            }
        }
        return (needed, done, refused)
    }

    /// Why a create that met a live item is not turned into a denial of it.
    static func unreviewedDenial(_ status: CommonAccessStatus) -> String {
        "not sent: the item appeared in the tenant as \(status) since the plan; the plan created it as DENIED, "
            + "which takes nothing away, but denying it now would: run plan again to review (and guard) that denial"
    }

    /// Changes the list does not show yet: a created item missing or an item with another status.
    static func notYetVisible(_ changes: [Change], in live: [LiveItem]) -> [Change] {
        var statusByItem: [String: CommonAccessStatus] = Dictionary(minimumCapacity: live.count)
        var statusesByKey: [AccessKey: [CommonAccessStatus]] = Dictionary(minimumCapacity: live.count)
        for item in live {
            statusByItem[item.id] = item.status
            statusesByKey[item.key, default: []].append(item.status)
        }
        return changes.filter { change in
            if let itemID = change.itemID { return statusByItem[itemID] != change.to }
            return !(statusesByKey[change.key]?.contains(change.to) ?? false)
        }
    }
}
