/// What apply would do, and what it would leave alone. Pure data: renderers print it, apply executes it.
public struct Plan: Sendable, Hashable, Codable {
    /// Counts for the summary line.
    public struct Summary: Sendable, Hashable, Codable {
        public var create = 0
        public var update = 0
        /// Live items whose status already matches policy.
        public var unchanged = 0
        /// Live items no policy mentions (whatever the unmanaged mode does with them).
        public var unmanaged = 0
        /// How many of the creates and updates set DENIED.
        public var denied = 0
        /// How many live items the updates set to DENIED: what the denial guards count (a new item created as
        /// DENIED takes nothing away from anyone).
        public var liveDenied = 0
        /// With a base policy: how many changes are drift rather than asked for by the policy change.
        public var drift: Int?

        public init() {}

        public var changes: Int { create + update }
    }

    /// The tenant as the user named it (`sandbox`, a tenant name or a URL): never a credential.
    public var tenant: String
    public var apiVersion: APIVersion
    public var unmanagedMode: UnmanagedMode
    /// Creates first, then updates; each group sorted by type and name so plans diff well in review.
    public var changes: [Change]
    /// Live items no policy mentions. Listed in output for `report` and `deny`; counted for `ignore`.
    public var unmanaged: [LiveItem]
    public var summary: Summary
    /// How many items the tenant listed: the base of `maxDeniedPercent`.
    public var liveCount: Int
    /// Things worth a look that do not stop the plan, e.g. a policy name that differs from the tenant's.
    public var warnings: [Diagnostic]
    /// Guards the plan goes over; apply stops before writing unless each is overridden.
    public var guardBreaches: [GuardBreach] = []
    /// The items `protected:` names, as found in the tenant (live list and catalog) when the plan was made.
    public var protectedKeys: [AccessKey] = []
    /// The config file the plan was made with, as the user would type it; nil when none was used.
    public var configFile: String?
    /// The policy's `accessRequests:` rules, when it has them (apply needs their comments and messages).
    public var accessRequestRules: AccessRequestRules?
    /// What the rules do to pending access requests: approve, cancel or close, each request at most once.
    public var requestActions: [RequestAction] = []
    /// How many requested items were pending when the plan was made; nil when the policy has no rules.
    public var pendingRequests: Int?

    public init(
        tenant: String, apiVersion: APIVersion, unmanagedMode: UnmanagedMode, changes: [Change],
        unmanaged: [LiveItem], summary: Summary, liveCount: Int, warnings: [Diagnostic] = []
    ) {
        self.tenant = tenant
        self.apiVersion = apiVersion
        self.unmanagedMode = unmanagedMode
        self.changes = changes
        self.unmanaged = unmanaged
        self.summary = summary
        self.liveCount = liveCount
        self.warnings = warnings
    }

    /// True when apply would write nothing.
    public var isEmpty: Bool { changes.isEmpty && requestActions.isEmpty }

    /// How many request actions each rule has.
    public func requestActionCount(_ rule: RequestAction.Rule) -> Int {
        requestActions.count { $0.rule == rule }
    }

    /// True when a guard stops apply (a breach that was not overridden).
    public var isBlocked: Bool { guardBreaches.contains { !$0.isOverridden } }
}
