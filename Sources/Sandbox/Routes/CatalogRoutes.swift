import Foundation
import HTTPTypes
import Hummingbird

/// `GET /roles` and `GET /access-profiles`, which clients use to resolve a name to an id.
struct CatalogRoutes: Sendable {
    let store: TenantStore

    static let sortableFields = ["name", "created", "modified"]

    /// Roles: at most 50 per page (the API's own limit), default 50.
    func listRoles(_ request: Request) async throws(APIError) -> Response {
        let query = try CollectionQuery(FormEncoding(request.uri.query), maxLimit: 50)
        let filter = try query.filters.map { text throws(APIError) in try FilterParser.parse(text, schema: .roles) }
        let sorting = try Sorting(query.sorters, allowed: Self.sortableFields, defaultField: "name")

        let (page, profileNames) = await store.rolePage(
            filter: filter, sorting: sorting, offset: query.offset, limit: query.limit)
        return JSONResponse.make(
            .ok, page.elements.map { RoleWire(role: $0, accessProfileNames: profileNames) },
            headers: query.totalCountHeader(page.total))
    }

    /// Access profiles: at most 250 per page, default 250.
    ///
    /// Reproduces a documented ISC quirk: a `name` filter whose value contains `+` cannot be served and
    /// the answer is an empty list.
    func listAccessProfiles(_ request: Request) async throws(APIError) -> Response {
        let query = try CollectionQuery(FormEncoding(request.uri.query), maxLimit: 250)
        let filter = try query.filters.map { text throws(APIError) in
            try FilterParser.parse(text, schema: .accessProfiles)
        }
        let sorting = try Sorting(query.sorters, allowed: Self.sortableFields, defaultField: "name")

        if let filter, filter.comparisons.contains(where: { $0.field == "name" && Self.containsPlus($0.value) }) {
            return JSONResponse.make(.ok, [AccessProfileWire](), headers: query.totalCountHeader(0))
        }
        let page = await store.accessProfilePage(
            filter: filter, sorting: sorting, offset: query.offset, limit: query.limit)
        return JSONResponse.make(
            .ok, page.elements.map { AccessProfileWire(profile: $0) }, headers: query.totalCountHeader(page.total))
    }

    private static func containsPlus(_ value: FilterValue?) -> Bool {
        switch value {
        case .string(let text)?: text.contains("+")
        case .list(let values)?: values.contains { containsPlus($0) }
        default: false
        }
    }
}
