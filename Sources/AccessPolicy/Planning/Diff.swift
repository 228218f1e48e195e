/// The pure heart of planning: desired entries (all with ids) against the live list.
///
/// Kept apart from I/O so it can be tested exhaustively and timed on its own (a 100,000-item diff must take
/// well under 100 ms): one dictionary build over the live list, one pass over the policy.
public enum Diff {
    public struct Result: Sendable, Hashable {
        public var changes: [Change]
        public var unmanaged: [LiveItem]
        public var summary: Plan.Summary
        /// Entries whose name differs from the tenant's name for the same id: worth a look, not an error.
        public var warnings: [Diagnostic]

        public init(changes: [Change], unmanaged: [LiveItem], summary: Plan.Summary, warnings: [Diagnostic] = []) {
            self.changes = changes
            self.unmanaged = unmanaged
            self.summary = summary
            self.warnings = warnings
        }
    }

    /// - Parameters:
    ///   - desired: resolved policy entries; entries without an id are skipped (resolution failed earlier).
    ///   - live: the tenant's list; several items for the same access are each brought in line.
    ///   - unmanaged: what to do with live items no entry mentions.
    public static func compute(desired: [PolicyEntry], live: [LiveItem], unmanaged mode: UnmanagedMode) -> Result {
        compute(desired: desired, live: LiveIndex(live), unmanaged: mode)
    }

    /// The same, with the live list already indexed (the planner shares one index with name resolution).
    public static func compute(desired: [PolicyEntry], live index: LiveIndex, unmanaged mode: UnmanagedMode)
        -> Result
    {
        compute(
            desired: desired, positions: desired.map { $0.key.flatMap(index.firstPosition(of:)) }, live: index,
            unmanaged: mode)
    }

    /// The same, with the key lookups (most of the work) spread over the cores for large policy sets.
    public static func computeConcurrently(
        desired: [PolicyEntry], live index: LiveIndex, unmanaged mode: UnmanagedMode
    ) async -> Result {
        compute(desired: desired, positions: await index.firstPositions(of: desired), live: index, unmanaged: mode)
    }

    /// - Parameter positions: for each entry, where its key first appears in the live list.
    private static func compute(
        desired: [PolicyEntry], positions: [Int?], live index: LiveIndex, unmanaged mode: UnmanagedMode
    ) -> Result {
        let live = index.items
        var creates: [Change] = []
        var updates: [Change] = []
        var summary = Plan.Summary()
        var mentioned = [Bool](repeating: false, count: live.count)
        var created = Set<AccessKey>()
        var warnings: [Diagnostic] = []
        let checkDuplicates = index.hasDuplicates
        // Entries and items are read in place by position: copying one would retain each of its strings, and
        // most entries are unchanged and need only their key, name and status.
        for entryIndex in desired.indices {
            guard let id = desired[entryIndex].id else { continue }
            let key = AccessKey(type: desired[entryIndex].type, id: id)
            guard let first = positions[entryIndex] else {
                if created.insert(key).inserted {
                    let entry = desired[entryIndex]
                    creates.append(
                        Change(
                            action: .create, key: key, name: entry.name, to: entry.status, source: entry.location,
                            reason: entry.reason))
                }
                continue
            }
            guard !mentioned[first] else { continue }
            if let liveName = live[first].access.name, let name = desired[entryIndex].name, liveName != name {
                warnings.append(
                    Diagnostic(
                        .warning, at: desired[entryIndex].location,
                        "\(desired[entryIndex].type) \(key.id) is named \"\(liveName)\" in the tenant, not \"\(name)\"")
                )
            }
            mentioned[first] = true
            let status = desired[entryIndex].status
            if live[first].status == status {
                summary.unchanged += 1
            } else {
                updates.append(update(live[first], key: key, to: desired[entryIndex]))
            }
            guard checkDuplicates else { continue }
            for position in index.duplicates(of: first) {
                mentioned[position] = true
                if live[position].status == status {
                    summary.unchanged += 1
                } else {
                    updates.append(update(live[position], key: key, to: desired[entryIndex]))
                }
            }
        }

        var unmanaged: [LiveItem] = []
        for position in live.indices where !mentioned[position] {
            summary.unmanaged += 1
            guard mode != .ignore else { continue }
            let item = live[position]
            unmanaged.append(item)
            if mode == .deny && item.status != .denied {
                updates.append(
                    Change(
                        action: .update, key: item.key, name: item.access.name, itemID: item.id, from: item.status,
                        to: .denied, reason: "no policy mentions it (unmanaged: deny)"))
            }
        }

        // Policy changes keep the policy's order (files sorted by path, entries as written), which is also how
        // reviewers read them; only the changes no entry asked for are sorted, by type and name.
        let firstUnmanaged = updates.firstIndex { $0.source == nil } ?? updates.endIndex
        updates[firstUnmanaged...].sort(by: Self.order)
        unmanaged.sort {
            ($0.access.type, $0.access.name ?? "", $0.id) < ($1.access.type, $1.access.name ?? "", $1.id)
        }
        summary.create = creates.count
        summary.update = updates.count
        summary.liveDenied = updates.count(where: \.isDenial)
        summary.denied = creates.count(where: \.isDenial) + summary.liveDenied
        return Result(changes: creates + updates, unmanaged: unmanaged, summary: summary, warnings: warnings)
    }

    private static func update(_ item: LiveItem, key: AccessKey, to entry: PolicyEntry) -> Change {
        Change(
            action: .update, key: key, name: item.access.name ?? entry.name, itemID: item.id, from: item.status,
            to: entry.status, source: entry.location, reason: entry.reason)
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
