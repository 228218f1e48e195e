import Foundation
import YAMLTree

/// Decides what the access-request rules do to each pending request (DESIGN.md §6). Pure: the planner hands
/// it the pending list, the clock and the items policy marks CONFIRMED.
///
/// ISC lists requested items, but cancel and close act on the identity request that holds them, so rules are
/// decided per identity request, in precedence order:
/// 1. `autoApprove`: a request with a grant of an item the policy marks CONFIRMED is the rule's. Those grants
///    with approvals still open are approved, and the request is neither cancelled nor closed, also while an
///    approved grant is still being provisioned: that would withdraw the very access the policy confirms.
/// 2. `cancel` (gentler than closing): every item of the request is older than `olderThan` and still
///    cancelable (ISC refuses to cancel a request with an item past approval);
/// 3. `closeStale`: every item of the request is older than `olderThan`.
public enum AccessRequestPlanner {
    /// An item as access requests name it: ISC's status list gives type and name, not the item's id.
    public struct ItemName: Sendable, Hashable {
        public var type: String
        public var name: String

        public init(type: String, name: String) {
            self.type = type
            self.name = name
        }

        /// The item a request is for; nil when ISC leaves out its type or name.
        public init?(_ request: PendingAccessRequest) {
            guard let type = request.itemType, let name = request.itemName else { return nil }
            self.init(type: type, name: name)
        }

        /// A live item under the tenant's name; nil when it has none.
        public init?(_ item: LiveItem) {
            guard let name = item.access.name else { return nil }
            self.init(type: item.access.type.rawValue, name: name)
        }
    }

    /// The names the policy confirms, as ``confirmedItems(written:resolved:live:)`` finds them.
    public struct ConfirmedNames: Sendable, Hashable {
        /// Confirmed and used by the policy for nothing else: what `autoApprove` may approve.
        public var approvable: Set<ItemName>
        /// Every confirmed name, also those the policy uses for another item too: a request for one of these
        /// is never cancelled or closed under `autoApprove`, as it may be for access the policy confirms.
        public var all: Set<ItemName>
        /// Confirmed names whose item the tenant already lists as CONFIRMED. Approvals for the other approvable
        /// names wait until apply has written the item's create or status change and the tenant shows it.
        public var confirmedInTenant: Set<ItemName>
    }

    /// - Parameters:
    ///   - confirmed: names whose grants `autoApprove` approves.
    ///   - protected: further names whose grants keep their request from cancel and close under
    ///     `autoApprove` (grants of `confirmed` names always do).
    public static func actions(
        rules: AccessRequestRules, pending: [PendingAccessRequest], confirmed: Set<ItemName>,
        protected: Set<ItemName> = [], now: Date
    ) -> [RequestAction] {
        let guarded = protected.union(confirmed)
        func age(_ item: PendingAccessRequest) -> TimeInterval { now.timeIntervalSince(item.created) }
        func action(_ rule: RequestAction.Rule, _ item: PendingAccessRequest, _ source: SourceLocation)
            -> RequestAction
        {
            RequestAction(rule: rule, request: item, ageDays: max(0, Int(age(item) / 86_400)), source: source)
        }
        func grant(_ item: PendingAccessRequest, of names: Set<ItemName>) -> Bool {
            guard item.isGrant, let name = ItemName(item) else { return false }
            return names.contains(name)
        }

        var actions: [RequestAction] = []
        for items in Dictionary(grouping: pending, by: \.requestID).values {
            if let approve = rules.autoApprove, items.contains(where: { grant($0, of: guarded) }) {
                let approvable = items.filter { grant($0, of: confirmed) && !$0.approvalIDs.isEmpty }
                actions += approvable.map { action(.autoApprove, $0, approve.location) }
            } else if let cancel = rules.cancel,
                items.allSatisfy({ age($0) > Double(cancel.olderThan.seconds) && $0.cancelable })
            {
                actions += items.map { action(.cancel, $0, cancel.location) }
            } else if let close = rules.closeStale, items.allSatisfy({ age($0) > Double(close.olderThan.seconds) }) {
                actions += items.map { action(.closeStale, $0, close.location) }
            }
        }
        return actions.sorted {
            ($0.rule.verb, $0.request.created, $0.request.requestID, $0.request.itemRequestID ?? "")
                < ($1.rule.verb, $1.request.created, $1.request.requestID, $1.request.itemRequestID ?? "")
        }
    }

    /// The items the policy marks CONFIRMED, by type and name; `approvable` leaves out any name that the policy
    /// also uses for an item it does not confirm: when names are ambiguous, nothing is approved.
    ///
    /// An item's name is the tenant's: from the live list, else from the catalog (`catalogNames`), else the
    /// name the entry was written with when it was resolved by that name. The `name:` of an entry written with
    /// an `id:` is only a label, never checked against the tenant, so it is not trusted to approve anything.
    ///
    /// - Parameters:
    ///   - written: the policy's entries as written, in the order of `resolved`.
    ///   - resolved: the same entries with every id resolved.
    ///   - live: the tenant's names for the items.
    ///   - catalogNames: the catalog's names for the items the plan creates (not on the live list).
    public static func confirmedItems(
        written: [PolicyEntry], resolved: [PolicyEntry], live: LiveIndex, catalogNames: [AccessKey: String] = [:]
    ) -> ConfirmedNames {
        var confirmed = Set<ItemName>()
        var notYetInTenant = Set<ItemName>()
        var other = Set<ItemName>()
        var confirmedKeys = Set<AccessKey>()
        for (asWritten, entry) in zip(written, resolved) {
            let liveItem = entry.key.flatMap { live.item(for: $0) }
            let tenantName = liveItem?.access.name ?? entry.key.flatMap { catalogNames[$0] }
            let trusted = tenantName ?? (asWritten.id == nil ? entry.name : nil)
            if entry.status == .confirmed {
                guard let trusted else { continue }
                let name = ItemName(type: entry.type.rawValue, name: trusted)
                confirmed.insert(name)
                if let key = entry.key { confirmedKeys.insert(key) }
                if liveItem?.status != .confirmed { notYetInTenant.insert(name) }
            } else {
                // Any name the entry goes by keeps a same-named CONFIRMED item from being approved.
                for name in Set([tenantName, entry.name].compactMap { $0 }) {
                    other.insert(ItemName(type: entry.type.rawValue, name: name))
                }
            }
        }
        // So does a live item of the same name that no CONFIRMED entry is for and that is not CONFIRMED: a request
        // by that name may be for it (apply checks the same way before approving).
        for item in live.items where item.status != .confirmed && !confirmedKeys.contains(item.key) {
            if let name = ItemName(item) { other.insert(name) }
        }
        return ConfirmedNames(
            approvable: confirmed.subtracting(other), all: confirmed,
            confirmedInTenant: confirmed.subtracting(notYetInTenant))
    }
}
