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

    /// Writes the tenant accepted.
    public var written: [Change] = []
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
    public var succeeded: Bool { failed.isEmpty && notSent.isEmpty && pending.isEmpty && converged && !interrupted }
}
