import Foundation

/// Decides what the access-request rules do to each pending request (DESIGN.md §6). Pure: the planner hands
/// it the pending list, the clock and the items policy marks CONFIRMED.
///
/// Each requested item gets at most one action, by precedence: `autoApprove` (the policy says everyone should
/// have this access), then `cancel` (gentler than closing), then `closeStale`. Cancel and close act on the whole
/// identity request, so an identity request with an item to approve is neither cancelled nor closed: that would
/// withdraw the very access the policy confirms.
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
        var actions: [RequestAction] = []
        for request in pending {
            let age = now.timeIntervalSince(request.created)
            let days = max(0, Int(age / 86_400))
            if let approve = rules.autoApprove, request.isGrant, !request.approvalIDs.isEmpty,
                let type = request.itemType, let name = request.itemName,
                confirmed.contains(ItemName(type: type, name: name))
            {
                actions.append(
                    RequestAction(rule: .autoApprove, request: request, ageDays: days, source: approve.location))
            } else if let cancel = rules.cancel, age > Double(cancel.olderThan.seconds),
                request.cancelable || !cancel.beforeApproval
            {
                actions.append(RequestAction(rule: .cancel, request: request, ageDays: days, source: cancel.location))
            } else if let close = rules.closeStale, age > Double(close.olderThan.seconds) {
                actions.append(
                    RequestAction(rule: .closeStale, request: request, ageDays: days, source: close.location))
            }
        }
        let approved = Set(actions.filter { $0.rule == .autoApprove }.map(\.request.requestID))
        actions.removeAll { $0.rule != .autoApprove && approved.contains($0.request.requestID) }
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
