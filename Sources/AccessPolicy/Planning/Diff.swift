/// The pure heart of planning: desired entries (all with ids) against the live list.
///
/// Kept apart from I/O so it can be tested exhaustively and timed on its own (a 100,000-item diff must take
/// well under 100 ms): one dictionary build over the live list, one pass over the policy.
public enum Diff {
    public struct Result: Sendable, Hashable {
        public var changes: [Change]
        public var unmanaged: [LiveItem]
        public var summary: Plan.Summary

        public init(changes: [Change], unmanaged: [LiveItem], summary: Plan.Summary) {
            self.changes = changes
            self.unmanaged = unmanaged
            self.summary = summary
        }
    }

    /// - Parameters:
    ///   - desired: resolved policy entries; entries without an id are skipped (resolution failed earlier).
    ///   - live: the tenant's list; several items for the same access are each brought in line.
    ///   - unmanaged: what to do with live items no entry mentions.
    public static func compute(desired: [PolicyEntry], live: [LiveItem], unmanaged mode: UnmanagedMode) -> Result {
        var liveByKey: [AccessKey: [LiveItem]] = Dictionary(minimumCapacity: live.count)
        for item in live { liveByKey[item.key, default: []].append(item) }

        var creates: [Change] = []
        var updates: [Change] = []
        var summary = Plan.Summary()
        var mentioned = Set<AccessKey>(minimumCapacity: desired.count)
        for entry in desired {
            guard let key = entry.key, mentioned.insert(key).inserted else { continue }
            guard let items = liveByKey[key] else {
                creates.append(
                    Change(
                        action: .create, key: key, name: entry.name, to: entry.status, source: entry.location,
                        reason: entry.reason))
                continue
            }
            for item in items {
                if item.status == entry.status {
                    summary.unchanged += 1
                } else {
                    updates.append(
                        Change(
                            action: .update, key: key, name: item.access.name ?? entry.name, itemID: item.id,
                            from: item.status, to: entry.status, source: entry.location, reason: entry.reason))
                }
            }
        }

        var unmanaged: [LiveItem] = []
        for item in live where !mentioned.contains(item.key) {
            summary.unmanaged += 1
            if mode != .ignore { unmanaged.append(item) }
            if mode == .deny && item.status != .denied {
                updates.append(
                    Change(
                        action: .update, key: item.key, name: item.access.name, itemID: item.id, from: item.status,
                        to: .denied, reason: "no policy mentions it (unmanaged: deny)"))
            }
        }

        creates.sort(by: Self.order)
        updates.sort(by: Self.order)
        unmanaged.sort { ($0.access.type, $0.access.name ?? "", $0.id) < ($1.access.type, $1.access.name ?? "", $1.id) }
        summary.create = creates.count
        summary.update = updates.count
        summary.denied = (creates + updates).count(where: \.isDenial)
        return Result(changes: creates + updates, unmanaged: unmanaged, summary: summary)
    }

    /// Marks each change of `result` as drift when `base` (the merged policy against the same live list)
    /// plans the same write, else as asked for by the policy change.
    public static func markDrift(_ result: inout Result, base: Result) {
        struct Write: Hashable {
            var key: AccessKey
            var itemID: String?
            var to: CommonAccessStatus
        }
        let baseWrites = Set(base.changes.map { Write(key: $0.key, itemID: $0.itemID, to: $0.to) })
        for index in result.changes.indices {
            let change = result.changes[index]
            let write = Write(key: change.key, itemID: change.itemID, to: change.to)
            result.changes[index].cause = baseWrites.contains(write) ? .drift : .policyChange
        }
        result.summary.drift = result.changes.count { $0.cause == .drift }
    }

    private static func order(_ a: Change, _ b: Change) -> Bool {
        (a.key.type, a.name ?? "", a.key.id, a.itemID ?? "") < (b.key.type, b.name ?? "", b.key.id, b.itemID ?? "")
    }
}
