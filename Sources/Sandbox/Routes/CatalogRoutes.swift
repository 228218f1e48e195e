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

        let roles = await store.roles()
        let profileNames = Dictionary(
            await store.accessProfiles().map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let matching =
            filter.map { filter in roles.filter { role in filter.matches { Self.value(of: $0, in: role) } } }
            ?? roles
        let ordered = sorting.sorted(matching, id: \.id) { field, lhs, rhs in
            Self.compare(field, (lhs.name, lhs.created, lhs.modified), (rhs.name, rhs.created, rhs.modified))
        }
        return JSONResponse.make(
            .ok, query.page(of: ordered).map { RoleWire(role: $0, accessProfileNames: profileNames) },
            headers: query.totalCountHeader(matching.count))
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

        let profiles = await store.accessProfiles()
        var matching =
            filter.map { filter in
                profiles.filter { profile in filter.matches { Self.value(of: $0, in: profile) } }
            } ?? profiles
        if let filter, filter.comparisons.contains(where: { $0.field == "name" && Self.containsPlus($0.value) }) {
            matching = []
        }
        let ordered = sorting.sorted(matching, id: \.id) { field, lhs, rhs in
            Self.compare(field, (lhs.name, lhs.created, lhs.modified), (rhs.name, rhs.created, rhs.modified))
        }
        return JSONResponse.make(
            .ok, query.page(of: ordered).map { AccessProfileWire(profile: $0) },
            headers: query.totalCountHeader(matching.count))
    }

    private static func containsPlus(_ value: FilterValue?) -> Bool {
        switch value {
        case .string(let text)?: text.contains("+")
        case .list(let values)?: values.contains { containsPlus($0) }
        default: false
        }
    }

    private static func compare(
        _ field: String, _ lhs: (name: String, created: Date, modified: Date),
        _ rhs: (name: String, created: Date, modified: Date)
    ) -> Int {
        switch field {
        case "created": Sorting.compare(lhs.created, rhs.created)
        case "modified": Sorting.compare(lhs.modified, rhs.modified)
        default: Sorting.compare(lhs.name, rhs.name)
        }
    }

    private static func value(of field: String, in role: TenantSnapshot.Role) -> FieldValue {
        switch field {
        case "id": .string(role.id)
        case "name": .string(role.name)
        case "created": .dateTime(role.created)
        case "modified": .dateTime(role.modified)
        case "owner.id": .string(role.owner.id)
        case "requestable": .boolean(role.requestable)
        case "dimensional": .boolean(role.dimensional)
        default: .string(nil)
        }
    }

    private static func value(of field: String, in profile: TenantSnapshot.AccessProfile) -> FieldValue {
        switch field {
        case "id": .string(profile.id)
        case "name": .string(profile.name)
        case "created": .dateTime(profile.created)
        case "modified": .dateTime(profile.modified)
        case "owner.id": .string(profile.owner.id)
        case "requestable": .boolean(profile.requestable)
        case "source.id": .string(profile.source.id)
        default: .string(nil)
        }
    }
}
