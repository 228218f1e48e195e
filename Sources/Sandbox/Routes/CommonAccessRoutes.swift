import Foundation
import HTTPTypes
import Hummingbird

/// The three common-access operations, the same under every version prefix.
struct CommonAccessRoutes: Sendable {
    let store: TenantStore
    let configuration: SandboxConfiguration
    let faults: FaultInjector

    static let sortableFields = ["access.name", "status"]

    // MARK: - GET …/common-access

    func list(_ request: Request) async throws(APIError) -> Response {
        let query = try CollectionQuery(FormEncoding(request.uri.query), maxLimit: 250)
        let filter = try query.filters.map { text throws(APIError) in
            try FilterParser.parse(text, schema: .commonAccess)
        }
        let sorting = try Sorting(query.sorters, allowed: Self.sortableFields, defaultField: "access.name")

        let page = await store.commonAccessPage(
            filter: filter, sorting: sorting, offset: query.offset, limit: query.limit, at: configuration.time.date())
        return JSONResponse.make(
            .ok, json: CommonAccessResponseWire.array(page.elements), headers: query.totalCountHeader(page.total))
    }

    // MARK: - POST …/common-access

    func create(_ request: Request) async throws(APIError) -> Response {
        let body = try await RequestBodies.json(of: request)
        let fields = try JSONFields(body, path: "request body", allowed: ["access", "status"])
        let access = try JSONFields(
            fields.required("access"), path: "access",
            allowed: ["id", "type", "name", "description", "ownerName", "ownerId"])
        let accessID = try access.requiredString("id")
        let type = try access.requiredEnum("type", TenantSnapshot.AccessType.self)
        for optional in ["name", "description", "ownerName", "ownerId"] {
            _ = try access.optionalString(optional)
        }
        let status = try fields.requiredEnum("status", TenantSnapshot.Status.self)

        let item: TenantSnapshot.CommonAccessItem
        do {
            item = try await store.createItem(
                type: type, accessID: accessID, status: status, at: configuration.time.date(),
                visibleAfter: configuration.writeDelay)
        } catch {
            throw Self.apiError(for: error)
        }
        if await faults.failsAfterWrite() { throw .internalFault }
        return JSONResponse.make(.accepted, json: CommonAccessItemResponseWire(item: item).bytes)
    }

    // MARK: - POST …/common-access/update-status

    func updateStatus(_ request: Request) async throws(APIError) -> Response {
        let body = try await RequestBodies.json(of: request)
        guard case .array(let elements) = body else {
            throw .badRequest(
                "The request body must be a JSON array of CommonAccessIDStatus objects, not \(body.typeName).")
        }
        var confirmed = OrderedIDs()
        var denied = OrderedIDs()
        for (index, element) in elements.enumerated() {
            let fields = try JSONFields(element, path: "[\(index)]", allowed: ["confirmedIds", "deniedIds"])
            for id in try fields.optionalStringArray("confirmedIds") { confirmed.insert(try Self.itemID(id)) }
            for id in try fields.optionalStringArray("deniedIds") { denied.insert(try Self.itemID(id)) }
        }
        let both = confirmed.ids.filter(denied.contains)
        guard both.isEmpty else {
            throw .badRequest(
                "These ids are both in confirmedIds and in deniedIds: \(both.joined(separator: ", ")).")
        }
        do {
            try await store.updateStatus(
                [(confirmed.ids, .confirmed), (denied.ids, .denied)], at: configuration.time.date(),
                visibleAfter: configuration.writeDelay)
        } catch {
            throw Self.apiError(for: error)
        }
        if await faults.failsAfterWrite() { throw .internalFault }
        return JSONResponse.make(.accepted, EmptyObjectWire())
    }

    /// Item ids are uuids; a 32-hex role or access-profile id here is the classic mix-up, so say so.
    private static func itemID(_ text: String) throws(APIError) -> String {
        guard UUID(uuidString: text) != nil else {
            throw .badRequest(
                "'\(text)' is not a common access item id: expected the uuid 'id' of an item from "
                    + "GET /common-access, not a role or access-profile id.")
        }
        return text.lowercased()
    }

    private static func apiError(for error: TenantStoreError) -> APIError {
        switch error {
        case .accessNotFound, .alreadyExists, .unknownItemIDs, .unknownAccessRequestIDs, .accessRequestsNotCancelable,
            .unknownApprovalIDs, .approvalsNotPending:
            .badRequest(error.description.prefix(1).uppercased() + error.description.dropFirst() + ".")
        case .persistenceFailed, .unreadableFile:
            .internalFault
        }
    }
}

/// Ids in first-seen order without repeats (a repeated id in one list is harmless).
private struct OrderedIDs {
    private(set) var ids: [String] = []
    private var seen: Set<String> = []

    mutating func insert(_ id: String) {
        if seen.insert(id).inserted { ids.append(id) }
    }

    func contains(_ id: String) -> Bool {
        seen.contains(id)
    }
}
