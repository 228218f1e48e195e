import Foundation

/// A record one of the sandbox's collection endpoints lists: what it holds in the fields the endpoint
/// filters and sorts on (the names `FilterSchema` and the routes' `sortableFields` accept).
protocol ListedRecord: Sendable {
    /// The record's id, which breaks ties in every order.
    var id: String { get }
    /// The field the endpoint sorts by when no sorter is given (ascending): the name, for all three.
    static var defaultSortField: String { get }
    /// String fields worth an exact-match index, because clients look single records up by them.
    static var indexedFields: [String] { get }

    /// The name, which the default order sorts by (then by id).
    var sortName: String { get }
    func filterValue(of field: String) -> FieldValue
    func sortValue(of field: String) -> SortValue
}

/// What a record holds in a sortable field.
enum SortValue: Sendable {
    case string(String)
    case dateTime(Date)

    /// Negative, zero or positive; values of different kinds (never compared by a route) order strings first.
    static func compare(_ lhs: SortValue, _ rhs: SortValue) -> Int {
        switch (lhs, rhs) {
        case (.string(let lhs), .string(let rhs)): Sorting.compare(lhs, rhs)
        case (.dateTime(let lhs), .dateTime(let rhs)): Sorting.compare(lhs, rhs)
        case (.string, .dateTime): -1
        case (.dateTime, .string): 1
        }
    }
}

extension TenantSnapshot.CommonAccessItem: ListedRecord {
    static var defaultSortField: String { "access.name" }
    static var indexedFields: [String] { ["access.id", "access.name"] }

    var sortName: String { name }

    func filterValue(of field: String) -> FieldValue {
        switch field {
        case "status": .string(status.rawValue)
        case "reviewedByUser": .boolean(reviewedByUser)
        case "access.id": .string(accessID)
        case "access.type": .string(accessType.rawValue)
        case "access.name": .string(name)
        case "access.description": .string(description)
        default: .string(nil)
        }
    }

    func sortValue(of field: String) -> SortValue {
        switch field {
        case "status": .string(status.rawValue)
        default: .string(name)
        }
    }
}

extension TenantSnapshot.Role: ListedRecord {
    static var defaultSortField: String { "name" }
    static var indexedFields: [String] { ["id", "name"] }

    var sortName: String { name }

    func filterValue(of field: String) -> FieldValue {
        switch field {
        case "id": .string(id)
        case "name": .string(name)
        case "created": .dateTime(created)
        case "modified": .dateTime(modified)
        case "owner.id": .string(owner.id)
        case "requestable": .boolean(requestable)
        case "dimensional": .boolean(dimensional)
        default: .string(nil)
        }
    }

    func sortValue(of field: String) -> SortValue {
        switch field {
        case "created": .dateTime(created)
        case "modified": .dateTime(modified)
        default: .string(name)
        }
    }
}

extension TenantSnapshot.AccessProfile: ListedRecord {
    static var defaultSortField: String { "name" }
    static var indexedFields: [String] { ["id", "name"] }

    var sortName: String { name }

    func filterValue(of field: String) -> FieldValue {
        switch field {
        case "id": .string(id)
        case "name": .string(name)
        case "created": .dateTime(created)
        case "modified": .dateTime(modified)
        case "owner.id": .string(owner.id)
        case "requestable": .boolean(requestable)
        case "source.id": .string(source.id)
        default: .string(nil)
        }
    }

    func sortValue(of field: String) -> SortValue {
        switch field {
        case "created": .dateTime(created)
        case "modified": .dateTime(modified)
        default: .string(name)
        }
    }
}

/// Requested items, for `GET /access-request-status` and `GET /access-request-administration`. Besides the
/// fields clients filter on, the store looks items up by `id` and the routes filter on `state`, `requester.id`, `requestedFor.id` and
/// `approvals.owner.id` to serve `request-state`, `requested-by`, `requested-for`, `regarding-identity` and
/// `assigned-to`.
extension TenantSnapshot.AccessRequestItem: ListedRecord {
    static var defaultSortField: String { "created" }
    static var indexedFields: [String] {
        ["id", "accessRequestId", "accountActivityItemId", "requester.id", "requestedFor.id"]
    }

    /// The default order is by creation, then id: the canonical UTC form sorts as the dates do.
    var sortName: String { Timestamp.string(from: created) }

    func filterValue(of field: String) -> FieldValue {
        switch field {
        case "id": .string(id)
        case "accessRequestId": .string(accessRequestID)
        case "accountActivityItemId": .string(accountActivityItemID)
        case "created": .dateTime(created)
        case "status", "state": .string(state.rawValue)
        case "requester.id": .string(requester.id)
        case "requestedFor.id": .string(requestedFor.id)
        case "approvals.owner.id": .strings(approvals.map(\.owner.id))
        default: .string(nil)
        }
    }

    func sortValue(of field: String) -> SortValue {
        switch field {
        case "modified": .dateTime(modified)
        case "accountActivityItemId": .string(accountActivityItemID)
        case "accessRequestId": .string(accessRequestID)
        case "name": .string(name)
        default: .dateTime(created)
        }
    }
}
