public import Logging

/// Executes a plan: creates one by one (concurrently), status changes in batches, then re-reads the list
/// until the tenant shows every change or the wait runs out (ISC applies writes asynchronously).
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
    public var logger: Logger
    public var clock: any Clock<Duration>

    public init(
        tenant: any CommonAccessService, logger: Logger = Logger(label: "accesspolicy"),
        clock: any Clock<Duration> = ContinuousClock()
    ) {
        self.tenant = tenant
        self.logger = logger
        self.clock = clock
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
        let creates = plan.changes.filter { $0.action == .create }
        let updates = plan.changes.filter { $0.action == .update }
        let batches = stride(from: 0, to: updates.count, by: options.batchSize).map {
            Array(updates[$0..<min($0 + options.batchSize, updates.count)])
        }
        let jobs = creates.map { [$0] } + batches
        let total = plan.changes.count
        var done = 0

        await withTaskGroup(of: (jobIndex: Int, error: String?).self) { group in
            var next = 0
            func addNext() -> Bool {
                guard next < jobs.count, !Task.isCancelled, !(stop?.isRequested ?? false) else { return false }
                let index = next
                let job = jobs[index]
                next += 1
                group.addTask { (index, await self.write(job)) }
                return true
            }
            for _ in 0..<options.concurrency where !addNext() { break }
            while let (index, error) = await group.next() {
                let job = jobs[index]
                report.writeRequests += 1
                if let error {
                    report.failed += job.map { ApplyReport.Failure(change: $0, error: error) }
                } else {
                    report.written += job
                }
                done += job.count
                progress?(.wrote(done: done, total: total))
                _ = addNext()
            }
            report.notSent = jobs[next...].flatMap { $0 }
        }

        // Stopped during the writes: the tenant is not re-read; the caller says what was and was not sent.
        report.interrupted = stop?.isRequested ?? false
        guard !report.written.isEmpty, !report.interrupted else {
            report.converged = report.failed.isEmpty && report.notSent.isEmpty && !report.interrupted
            return report
        }
        let written = report.written
        let waited = await unlessStopped(stop) {
            await waitForTenant(showing: written, clock: clock, options: options, progress: progress)
        }
        guard let pending = waited else {
            // Stopped while waiting: what is visible is unknown, so nothing is reported as pending.
            report.interrupted = true
            return report
        }
        report.pending = pending
        report.converged = report.pending.isEmpty
        return report
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

    /// Sends one create, or one update-status batch. Returns the error text, or nil on success.
    private func write(_ job: [Change]) async -> String? {
        do {
            if job.count == 1, let change = job.first, change.action == .create {
                let access = AccessReference(type: change.key.type, id: change.key.id, name: change.name)
                _ = try await tenant.createCommonAccess(NewCommonAccess(access: access, status: change.to))
            } else {
                let batch = StatusBatch(
                    confirmedIDs: job.filter { $0.to == .confirmed }.compactMap(\.itemID),
                    deniedIDs: job.filter { $0.to == .denied }.compactMap(\.itemID))
                try await tenant.updateStatus(batch)
            }
            return nil
        } catch {
            logger.debug("write failed", metadata: ["error": "\(error)"])
            return "\(error)"
        }
    }

    /// Re-reads the list until every written change shows; returns those that still do not.
    private func waitForTenant<C: Clock<Duration>>(
        showing written: [Change], clock: C, options: Options, progress: (@Sendable (Event) -> Void)?
    ) async -> [Change] {
        let deadline = clock.now.advanced(by: options.wait)
        var pause = options.pollInterval
        var pending = written
        while true {
            do {
                let live = try await tenant.listCommonAccess()
                pending = Self.notYetVisible(pending, in: live)
            } catch is CancellationError {
                return pending
            } catch {
                logger.debug("re-reading the list failed", metadata: ["error": "\(error)"])
            }
            guard !pending.isEmpty else { return [] }
            progress?(.waiting(pending: pending.count))
            guard clock.now.advanced(by: pause) <= deadline, !Task.isCancelled else { return pending }
            do { try await clock.sleep(for: pause) } catch { return pending }
            pause = min(pause * 2, .seconds(5))
        }
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
