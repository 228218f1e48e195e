// Roles and access profiles looked up by name or by id.

import AccessPolicy

extension ISCClient {
    /// Pages of catalog look-ups are capped: a name that matches more than this many items is an error anyway.
    static let maxCatalogPages = 20

    /// Roles (`GET /roles`) or access profiles (`GET /access-profiles`) whose name equals `name`.
    ///
    /// Filters with `name eq "…"` (quotes and backslashes escaped) and pages on while full pages come back
    /// (roles allow at most 50 per page, access profiles 250). ISC compares names case-insensitively and so does
    /// the final check here. Access-profile names containing `+` cannot be filtered (ISC answers blank), so those
    /// are looked up by the part before the `+` and matched here.
    public func findCatalogItems(type: AccessType, named name: String) async throws -> [CatalogItem] {
        let (path, limit) = try catalogEndpoint(type)
        var filter: String? = FilterExpression.equals("name", name)
        if type == .accessProfile, let plus = name.firstIndex(of: "+") {
            let prefix = String(name[..<plus])
            filter = prefix.isEmpty ? nil : FilterExpression.startsWith("name", prefix)
        }
        var found: [CatalogItem] = []
        for page in 0..<Self.maxCatalogPages {
            var query = [("offset", String(page * limit)), ("limit", String(limit))]
            if let filter { query.append(("filters", filter)) }
            let request = APIRequest(method: .get, path: path, query: query)
            let wires = try await send(request, accepting: [200]) { response in
                try decodeBody([CatalogItemWire].self, from: response, for: request)
            }
            found += wires.compactMap { $0.catalogItem(type: type) }
            if wires.count < limit {
                let wanted = name.lowercased()
                var seen = Set<String>()
                return found.filter { $0.name.lowercased() == wanted && seen.insert($0.id).inserted }
            }
        }
        throw ISCError(
            kind: .badResponse, method: "GET", path: path,
            message: "more than \(Self.maxCatalogPages * limit) \(type) items match \"\(name)\"")
    }

    /// Ids per `id in (…)` look-up: one page of roles (their limit is 50) and a query string of about 2 KB.
    static let catalogIDsPerCall = 50

    /// Roles or access profiles by id, `filters=id in ("…", …)` in calls of ``catalogIDsPerCall`` ids, sent
    /// concurrently (the client's concurrency and rate limits still apply); ids that do not exist are left out.
    public func findCatalogItems(type: AccessType, ids: [String]) async throws -> [CatalogItem] {
        let (path, _) = try catalogEndpoint(type)
        let wanted = Array(Set(ids)).sorted()
        let chunks = stride(from: 0, to: wanted.count, by: Self.catalogIDsPerCall).map {
            Array(wanted[$0..<min($0 + Self.catalogIDsPerCall, wanted.count)])
        }
        return try await chunks.concurrentMap(width: configuration.concurrency) { chunk in
            let request = APIRequest(
                method: .get, path: path,
                query: [("limit", String(Self.catalogIDsPerCall)), ("filters", FilterExpression.isIn("id", chunk))])
            let wires = try await send(request, accepting: [200]) { response in
                try decodeBody([CatalogItemWire].self, from: response, for: request)
            }
            let asked = Set(chunk)
            return wires.compactMap { $0.catalogItem(type: type) }.filter { asked.contains($0.id) }
        }.flatMap { $0 }
    }

    /// The catalog list for `type` and its page limit (roles 50, access profiles 250).
    private func catalogEndpoint(_ type: AccessType) throws(ISCError) -> (path: String, limit: Int) {
        switch type {
        case .role: (configuration.apiVersion.path("roles"), 50)
        case .accessProfile: (configuration.apiVersion.path("access-profiles"), 250)
        default:
            throw ISCError(
                kind: .configuration, message: "there is no catalog of \(type) items; expected ROLE or ACCESS_PROFILE")
        }
    }
}
