/// What apply did: what it wrote, what failed, what it never sent, and whether the tenant caught up.
public struct ApplyReport: Sendable, Hashable, Codable {
    /// A write the tenant refused or that kept failing after retries.
    public struct Failure: Sendable, Hashable, Codable {
        public var change: Change
        public var error: String

        public init(change: Change, error: String) {
            self.change = change
            self.error = error
        }
    }

    /// An access-request action the tenant refused or that kept failing.
    public struct RequestFailure: Sendable, Hashable, Codable {
        public var action: RequestAction
        public var error: String

        public init(action: RequestAction, error: String) {
            self.action = action
            self.error = error
        }
    }

    /// Writes the tenant accepted.
    public var written: [Change] = []
    /// Planned changes the tenant already showed when apply began (another run or a person made them since the
    /// plan): not sent again.
    public var alreadyDone: [Change] = []
    /// Access-request actions the tenant accepted, failed, never sent, or does not show as done yet.
    public var requestsWritten: [RequestAction] = []
    public var requestsFailed: [RequestFailure] = []
    public var requestsNotSent: [RequestAction] = []
    public var requestsPending: [RequestAction] = []
    /// Approvals not sent because the common-access writes they wait for (``RequestAction/awaitsCommonAccess``)
    /// failed or did not show in time: the next apply plans them again once the tenant lists the item CONFIRMED.
    public var requestsHeldBack: [RequestAction] = []
    public var failed: [Failure] = []
    /// Changes never sent because the run was interrupted.
    public var notSent: [Change] = []
    /// Accepted writes that the list did not show yet when the wait ran out.
    public var pending: [Change] = []
    /// Requests that wrote: one per create, one per update-status batch.
    public var writeRequests = 0
    /// True when every accepted write showed in the list before the wait ran out.
    public var converged = false
    /// True when an ``ApplyStop`` (Ctrl-C) cut the run short: the changes not started are in `notSent`, and
    /// the tenant was not re-read to the end, so `pending` says nothing about what is visible.
    public var interrupted = false

    public init() {}

    /// True when everything planned was written and shows in the tenant.
    public var succeeded: Bool {
        requestsFailed.isEmpty && requestsNotSent.isEmpty && requestsPending.isEmpty && requestsHeldBack.isEmpty
            && changesSucceeded
    }

    /// True when a write failed or was never sent, common access or access requests alike: the run failed
    /// (exit 1), whatever the tenant shows afterwards.
    public var hasFailures: Bool {
        !failed.isEmpty || !notSent.isEmpty || !requestsFailed.isEmpty || !requestsNotSent.isEmpty
    }

    private var changesSucceeded: Bool {
        failed.isEmpty && notSent.isEmpty && pending.isEmpty && converged && !interrupted
    }

    /// Files a finished job under written or failed.
    mutating func record(_ job: Applier.Job, error: String?) {
        switch (job, error) {
        case (.changes(let changes), nil): written += changes
        case (.changes(let changes), let error?): failed += changes.map { Failure(change: $0, error: error) }
        case (.requests(_, let actions), nil): requestsWritten += actions
        case (.requests(_, let actions), let error?):
            requestsFailed += actions.map { RequestFailure(action: $0, error: error) }
        }
    }

    /// Files a job that was never sent.
    mutating func recordNotSent(_ job: Applier.Job) {
        switch job {
        case .changes(let changes): notSent += changes
        case .requests(_, let actions): requestsNotSent += actions
        }
    }
}
