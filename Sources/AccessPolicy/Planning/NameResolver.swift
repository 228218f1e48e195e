/// Gives an id to every policy entry written by name (DESIGN.md §2): first from the live common-access list
/// (`access.name`), then from the catalog (`GET /roles`, `GET /access-profiles` with `name eq`).
///
/// No match and more than one match are both errors at the entry's location, collected for all entries.
public struct NameResolver: Sendable {
    public var tenant: any CommonAccessService
    /// Most catalog look-ups in flight at once.
    public var concurrency: Int

    public init(tenant: any CommonAccessService, concurrency: Int = 8) {
        self.tenant = tenant
        self.concurrency = max(1, concurrency)
    }

    /// Entries with ids filled in.
    /// - Throws: ``PolicyErrors`` naming every entry that could not be resolved, or that resolves to an
    ///   item another entry already declares.
    public func resolve(_ entries: [PolicyEntry], live: [LiveItem]) async throws -> [PolicyEntry] {
        try await resolve(entries, live: LiveIndex(live))
    }

    /// The same, with the live list already indexed (the planner shares one index with the diff).
    public func resolve(_ entries: [PolicyEntry], live: LiveIndex) async throws -> [PolicyEntry] {
        let result = try await resolveAll(entries, live: live)
        guard result.errors.isEmpty else { throw PolicyErrors(result.errors) }
        return result.entries
    }

    /// Like ``resolve(_:live:)`` but returns the problems instead of throwing; unresolved entries keep a nil id.
    /// Used for a base policy, where a name that no longer resolves is worth a warning, not a failed plan.
    public func resolveAll(_ entries: [PolicyEntry], live: LiveIndex) async throws -> (
        entries: [PolicyEntry], errors: [Diagnostic]
    ) {
        // Only entries written by name need the name index; most large policy sets give ids everywhere.
        var liveByName: [NameKey: [Int]] = [:]
        if entries.contains(where: { $0.id == nil }) {
            for (position, item) in live.items.enumerated() {
                guard let name = item.access.name else { continue }
                liveByName[NameKey(type: item.access.type, name: name), default: []].append(position)
            }
        }

        var resolved = entries
        var diagnostics: [Diagnostic] = []
        var catalogNeeded: [Int] = []
        for (index, entry) in entries.enumerated() {
            // Entries with an id need nothing here; the diff warns when their name differs from the tenant's.
            guard entry.id == nil else { continue }
            let name = entry.name ?? ""
            let matches = uniqueAccess((liveByName[NameKey(type: entry.type, name: name)] ?? []).map { live.items[$0] })
            switch matches.count {
            case 1: resolved[index].id = matches[0].id
            case 0: catalogNeeded.append(index)
            default: diagnostics.append(Self.ambiguous(entry, ids: matches.map(\.id)))
            }
        }

        let found = try await lookUp(catalogNeeded.map { entries[$0] })
        for (index, items) in zip(catalogNeeded, found) {
            let entry = entries[index]
            let exact = items.filter { $0.type == entry.type && $0.name == entry.name }
            switch exact.count {
            case 1:
                resolved[index].id = exact[0].id
            case 0:
                diagnostics.append(
                    Diagnostic(
                        at: entry.location,
                        "no \(entry.type.noun) named \(Escaped.quoted(entry.name ?? "")) in the tenant",
                        hint: (entry.name ?? "").trimmingWhitespace != entry.name
                            ? "the name has leading or trailing whitespace, and names are matched exactly: remove it"
                            : "check the spelling (names are matched exactly), or give the id with \"id:\""))
            default:
                diagnostics.append(Self.ambiguous(entry, ids: exact.map(\.id)))
            }
        }

        // Entries that repeat each other's id or name were reported by the loader; only an entry resolved from a
        // name can newly collide with another.
        if entries.contains(where: { $0.id == nil }) {
            diagnostics += Self.conflictsAfterResolution(resolved)
        }
        return (resolved, diagnostics)
    }

    private func lookUp(_ entries: [PolicyEntry]) async throws -> [[CatalogItem]] {
        let tenant = self.tenant
        return try await entries.concurrentMap(width: concurrency) { entry in
            try await tenant.findCatalogItems(type: entry.type, named: entry.name ?? "")
        }
    }

    /// Name-written entries that resolve to an item another entry also declares. (Entries that repeat each
    /// other's id or name were already reported by the loader, which stops before resolution.)
    private static func conflictsAfterResolution(_ entries: [PolicyEntry]) -> [Diagnostic] {
        var first: [AccessKey: PolicyEntry] = [:]
        var diagnostics: [Diagnostic] = []
        for entry in entries {
            guard let key = entry.key else { continue }
            guard let earlier = first[key] else {
                first[key] = entry
                continue
            }
            diagnostics.append(PolicyChecks.conflict(entry, earlier: earlier))
        }
        return diagnostics
    }

    private func uniqueAccess(_ items: [LiveItem]) -> [AccessReference] {
        var seen = Set<AccessKey>()
        return items.map(\.access).filter { seen.insert($0.key).inserted }
    }

    private static func ambiguous(_ entry: PolicyEntry, ids: [String]) -> Diagnostic {
        Diagnostic(
            at: entry.location,
            "\(ids.count) \(entry.type.noun)s are named \(Escaped.quoted(entry.name ?? "")): \(ids.sorted().joined(separator: ", "))",
            hint: "add \"id:\" to say which one")
    }

}

/// An access by type and exact name, for looking items up by the name a policy or config gives them.
struct NameKey: Hashable {
    var type: AccessType
    var name: String
}
