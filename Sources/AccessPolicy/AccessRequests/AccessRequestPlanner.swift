import Foundation
import YAMLTree

/// Decides what the access-request rules do to each pending request (DESIGN.md §6). Pure: the planner hands
/// it the pending list, the clock and the items policy marks CONFIRMED.
///
/// ISC lists requested items, but cancel and close act on the identity request that holds them, so rules are
/// decided per identity request, in precedence order:
/// 1. `autoApprove`: the request's grants of items the policy marks CONFIRMED are approved, and the request
///    is then neither cancelled nor closed (that would withdraw the very access the policy confirms);
/// 2. `cancel` (gentler than closing): every item of the request is older than `olderThan` and, with
///    `beforeApproval`, still cancelable (ISC refuses to cancel a request with an item past approval);
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
    }

    public static func actions(
        rules: AccessRequestRules, pending: [PendingAccessRequest], confirmed: Set<ItemName>, now: Date
    ) -> [RequestAction] {
        func age(_ item: PendingAccessRequest) -> TimeInterval { now.timeIntervalSince(item.created) }
        func action(_ rule: RequestAction.Rule, _ item: PendingAccessRequest, _ source: SourceLocation)
            -> RequestAction
        {
            RequestAction(rule: rule, request: item, ageDays: max(0, Int(age(item) / 86_400)), source: source)
        }
        func approvable(_ item: PendingAccessRequest) -> Bool {
            guard item.isGrant, !item.approvalIDs.isEmpty, let type = item.itemType, let name = item.itemName
            else { return false }
            return confirmed.contains(ItemName(type: type, name: name))
        }

        var actions: [RequestAction] = []
        for items in Dictionary(grouping: pending, by: \.requestID).values {
            if let approve = rules.autoApprove, case let approvable = items.filter(approvable), !approvable.isEmpty {
                actions += approvable.map { action(.autoApprove, $0, approve.location) }
            } else if let cancel = rules.cancel,
                items.allSatisfy({ age($0) > Double(cancel.olderThan.seconds) }),
                !cancel.beforeApproval || items.allSatisfy(\.cancelable)
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

    /// The items the policy marks CONFIRMED, by type and name, leaving out any name that the policy also uses
    /// for an item it does not confirm: when names are ambiguous, nothing is approved.
    ///
    /// - Parameters:
    ///   - desired: resolved policy entries.
    ///   - live: names the tenant gives the items, preferred over the policy's own `name:`.
    public static func confirmedItems(desired: [PolicyEntry], live: LiveIndex) -> Set<ItemName> {
        var confirmed = Set<ItemName>()
        var other = Set<ItemName>()
        for entry in desired {
            let names = [entry.key.flatMap { live.item(for: $0)?.access.name }, entry.name].compactMap { $0 }
            for name in Set(names) {
                let item = ItemName(type: entry.type.rawValue, name: name)
                if entry.status == .confirmed { confirmed.insert(item) } else { other.insert(item) }
            }
        }
        return confirmed.subtracting(other)
    }
}
