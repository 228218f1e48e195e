/// Finds the items `protected:` names, in the live list and the catalog, so that protection is matched by
/// key and cannot vanish: an entry that matches nothing (a typo, an id from another tenant) is an error
/// located in the config, not a protection that silently protects nothing.
struct ProtectedResolver {
    var tenant: any CommonAccessService

    /// The keys of every item each protected entry names (by name: every item of that type and exact name,
    /// listed or in the catalog), with a located error for each entry that names nothing.
    /// - Throws: ``PolicyErrors`` when the catalog cannot be read: protection that cannot be checked stops the
    ///   run.
    func resolve(_ protected: [ProtectedItem], live: LiveIndex) async throws -> (
        keys: [AccessKey], diagnostics: [Diagnostic]
    ) {
        guard !protected.isEmpty else { return ([], []) }
        let wantedNames = Set(
            protected.filter { $0.id == nil }.compactMap { item in item.name.map { NameKey(type: item.type, name: $0) }
            })
        var liveByName: [NameKey: Set<AccessKey>] = [:]
        if !wantedNames.isEmpty {
            for item in live.items {
                guard let name = item.access.name else { continue }
                let key = NameKey(type: item.access.type, name: name)
                if wantedNames.contains(key) { liveByName[key, default: []].insert(item.key) }
            }
        }
        var keys = Set<AccessKey>()
        var diagnostics: [Diagnostic] = []
        do {
            for item in protected {
                var found = Set<AccessKey>()
                if let id = item.id {
                    let key = AccessKey(type: item.type, id: id)
                    if live.item(for: key) != nil {
                        found.insert(key)
                    } else if !(try await tenant.findCatalogItems(type: item.type, ids: [id])).isEmpty {
                        found.insert(key)
                    }
                } else if let name = item.name {
                    found = liveByName[NameKey(type: item.type, name: name)] ?? []
                    let catalog = try await tenant.findCatalogItems(type: item.type, named: name)
                    for match in catalog where match.name == name {
                        found.insert(AccessKey(type: item.type, id: match.id))
                    }
                }
                if found.isEmpty {
                    diagnostics.append(
                        Diagnostic(
                            at: item.location,
                            "protected \(item.label) matches no \(item.type.noun) in the tenant "
                                + "(not on the common-access list, not in the catalog)",
                            hint: "check the spelling (names match exactly, case included): a protected entry that "
                                + "matches nothing protects nothing"))
                }
                keys.formUnion(found)
            }
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw PolicyErrors([
                Diagnostic(
                    at: protected.first?.location, "cannot check the protected items in the tenant's catalog: \(error)",
                    hint: "let the API client read roles and access profiles; protection that cannot be checked "
                        + "stops the run")
            ])
        }
        return (keys.sorted(), diagnostics)
    }
}
