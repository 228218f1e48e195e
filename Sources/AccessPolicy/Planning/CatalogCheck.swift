/// Checks, before anything is written, that every item a plan creates exists in the tenant's catalog with the
/// type its entry gives, and takes the catalog's name for it.
///
/// Without this, a role id written as `type: ACCESS_PROFILE` (or an id copied from another tenant) is found
/// out only when its create fails half-way through an apply. The names serve creates (a create sends the
/// catalog's name, not an entry's unchecked label) and `autoApprove` (access requests name items by name).
struct CatalogCheck {
    var tenant: any CommonAccessService

    struct Result: Sendable {
        /// The catalog's name for each create's key.
        var names: [AccessKey: String] = [:]
        var diagnostics: [Diagnostic] = []
    }

    /// - Throws: ``PolicyErrors`` when the catalog cannot be read: an unchecked create is not sent.
    func check(_ creates: [Change]) async throws -> Result {
        var result = Result()
        for type in AccessType.policyValues {
            let wanted = creates.filter { $0.key.type == type }
            guard !wanted.isEmpty else { continue }
            let found = try await lookUp(type: type, ids: wanted.map(\.key.id), creates: creates.count)
            for item in found { result.names[AccessKey(type: type, id: item.id)] = item.name }
            let missing = wanted.filter { result.names[$0.key] == nil }
            guard !missing.isEmpty else { continue }
            let otherType: AccessType = type == .role ? .accessProfile : .role
            var elsewhere: [String: String] = [:]
            for item in try await lookUp(type: otherType, ids: missing.map(\.key.id), creates: creates.count) {
                elsewhere[item.id] = item.name
            }
            for change in missing {
                if let name = elsewhere[change.key.id] {
                    result.diagnostics.append(
                        Diagnostic(
                            at: change.source,
                            "\(change.key.id) is \(otherType.nounWithArticle) in the tenant "
                                + "(\(Escaped.quoted(name))), not \(type.nounWithArticle)",
                            hint: "set type: \(otherType.rawValue)"))
                } else {
                    result.diagnostics.append(
                        Diagnostic(
                            at: change.source, "no \(type.noun) with id \(change.key.id) in the tenant",
                            hint: "check the id: ids differ between tenants; or write the entry with name: instead"))
                }
            }
        }
        return result
    }

    private func lookUp(type: AccessType, ids: [String], creates: Int) async throws -> [CatalogItem] {
        do {
            return try await tenant.findCatalogItems(type: type, ids: ids)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw PolicyErrors([
                Diagnostic(
                    at: nil,
                    "cannot check that the \(creates) item(s) this plan creates exist in the tenant's catalog: \(error)",
                    hint: "let the API client read roles and access profiles "
                        + "(idn:role-unchecked:read, idn:access-profile:read); nothing unchecked is created")
            ])
        }
    }
}
