import Foundation
import HTTPTypes
import Hummingbird

/// The access-request operations: the two status lists, close, bulk cancel and bulk approve, the same under
/// every version prefix that has them (`APIPaths`).
///
/// The writes are all or nothing: one id the tenant refuses fails the whole call with a 400 naming it, and
/// nothing is applied. Which id each write takes:
/// - `close` and `bulk-cancel`: identity request ids (`accessRequestId` in the status list), each standing
///   for every item requested with it;
/// - `bulk-approve`: approval ids (`approvalIds`).
struct AccessRequestRoutes: Sendable {
    let store: TenantStore
    let configuration: SandboxConfiguration
    let faults: FaultInjector

    static let statusSortableFields = ["created", "modified", "accountActivityItemId", "name"]
    static let administrationSortableFields = statusSortableFields + ["accessRequestId"]

    /// Ids per call, from the operations' descriptions (the schemas declare no bounds).
    static let closeLimit = 500
    static let bulkCancelLimit = 50
    static let bulkApproveLimit = 50

    // MARK: - GET …/access-request-status and …/access-request-administration

    func listStatus(_ request: Request, flavor: AccessRequestFlavor) async throws(APIError) -> Response {
        try await list(
            request, flavor: flavor, administration: false,
            schema: flavor == .legacy ? .accessRequestStatusLegacy : .accessRequestStatus,
            sortable: Self.statusSortableFields)
    }

    func listAdministration(_ request: Request, flavor: AccessRequestFlavor) async throws(APIError) -> Response {
        try await list(
            request, flavor: flavor, administration: true, schema: .accessRequestAdministration,
            sortable: Self.administrationSortableFields)
    }

    /// Both lists: the standard collection parameters, then `requested-for`, `requested-by`,
    /// `regarding-identity`, `assigned-to` and `request-state`, which narrow the list like extra filters
    /// (so a page of a narrowed list is served from the same cached order as any filter).
    private func list(
        _ request: Request, flavor: AccessRequestFlavor, administration: Bool, schema: FilterSchema,
        sortable: [String]
    ) async throws(APIError) -> Response {
        let form = try FormEncoding(request.uri.query)
        let query = try CollectionQuery(form, maxLimit: 250)
        var filter = try query.filters.map { text throws(APIError) in try FilterParser.parse(text, schema: schema) }
        let sorting = try Sorting(query.sorters, allowed: sortable, defaultField: "created")
        for scope in try Self.scopes(form) {
            filter = filter.map { .and($0, scope) } ?? scope
        }

        let page = await store.accessRequestPage(
            filter: filter, sorting: sorting, offset: query.offset, limit: query.limit, at: configuration.time.date())
        return JSONResponse.make(
            .ok,
            page.elements.map { RequestedItemStatusWire(item: $0, flavor: flavor, administration: administration) },
            headers: query.totalCountHeader(page.total))
    }

    /// The identity and state parameters as filter expressions on the record's own fields.
    ///
    /// `me` stands for `TenantSnapshot.Identity.sandboxAdministrator`, the admin the sandbox's token acts as;
    /// no seeded request involves it, so in the seed `me` lists nothing.
    private static func scopes(_ form: FormEncoding) throws(APIError) -> [FilterExpression] {
        func identity(_ name: String) throws(APIError) -> String? {
            guard let value = form[name], !value.isEmpty else { return nil }
            return value == "me" ? TenantSnapshot.Identity.sandboxAdministrator.id : value
        }
        func equals(_ field: String, _ value: String) -> FilterExpression {
            .comparison(field: field, op: .eq, value: .string(value))
        }

        var scopes: [FilterExpression] = []
        if let state = form["request-state"], !state.isEmpty {
            guard state == TenantSnapshot.AccessRequestState.executing.rawValue else {
                throw .badRequest(
                    "Invalid value \"\(state)\" for query parameter 'request-state': the only valid value is EXECUTING."
                )
            }
            scopes.append(equals("state", state))
        }
        let requestedFor = try identity("requested-for")
        let requestedBy = try identity("requested-by")
        let regarding = try identity("regarding-identity")
        if regarding != nil, requestedFor != nil || requestedBy != nil {
            throw .badRequest(
                "The query parameter 'regarding-identity' cannot be combined with 'requested-for' or 'requested-by'.")
        }
        if let requestedFor { scopes.append(equals("requestedFor.id", requestedFor)) }
        if let requestedBy { scopes.append(equals("requester.id", requestedBy)) }
        if let regarding { scopes.append(.or(equals("requester.id", regarding), equals("requestedFor.id", regarding))) }
        if let assignee = try identity("assigned-to") { scopes.append(equals("approvals.owner.id", assignee)) }
        return scopes
    }

    // MARK: - POST …/access-requests/close

    /// `CloseAccessRequest`: 1 to 500 identity request ids; `message`, `executionStatus` and
    /// `completionStatus` default as the reference says. Every pending item of those requests ends as
    /// TERMINATED (`Terminated`) or REQUEST_COMPLETED (`Completed`); finished items are left as they are.
    func close(_ request: Request) async throws(APIError) -> Response {
        let body = try await RequestBodies.json(of: request)
        let fields = try JSONFields(
            body, path: "request body", allowed: ["accessRequestIds", "message", "executionStatus", "completionStatus"])
        let ids = try Self.ids(fields, "accessRequestIds", limit: Self.closeLimit)
        let message = try fields.optionalString("message").flatMap { $0.isEmpty ? nil : $0 }
        let executionStatus = try fields.optionalEnum("executionStatus", TenantSnapshot.CloseExecutionStatus.self)
        let completionStatus = try fields.optionalEnum("completionStatus", TenantSnapshot.CloseCompletionStatus.self)
        do {
            try await store.closeAccessRequests(
                ids, message: message ?? TenantSnapshot.AccessRequestClosure.defaultMessage,
                executionStatus: executionStatus ?? .terminated, completionStatus: completionStatus ?? .failure,
                at: configuration.time.date(), visibleAfter: configuration.writeDelay)
        } catch {
            throw Self.apiError(for: error)
        }
        return try await accepted()
    }

    // MARK: - POST …/access-requests/bulk-cancel

    /// `BulkCancelAccessRequest`: 1 to 50 identity request ids and a required comment.
    func bulkCancel(_ request: Request) async throws(APIError) -> Response {
        let body = try await RequestBodies.json(of: request)
        let fields = try JSONFields(body, path: "request body", allowed: ["accessRequestIds", "comment"])
        let ids = try Self.ids(fields, "accessRequestIds", limit: Self.bulkCancelLimit)
        let comment = try fields.requiredString("comment")
        do {
            try await store.cancelAccessRequests(
                ids, comment: comment, at: configuration.time.date(), visibleAfter: configuration.writeDelay)
        } catch {
            throw Self.apiError(for: error)
        }
        return try await accepted()
    }

    // MARK: - POST …/access-request-approvals/bulk-approve

    /// `BulkApproveAccessRequest`: 1 to 50 approval ids and a required comment.
    func bulkApprove(_ request: Request) async throws(APIError) -> Response {
        let body = try await RequestBodies.json(of: request)
        let fields = try JSONFields(body, path: "request body", allowed: ["approvalIds", "comment"])
        let ids = try Self.ids(fields, "approvalIds", limit: Self.bulkApproveLimit)
        let comment = try fields.requiredString("comment")
        do {
            try await store.approveAccessRequests(
                ids, comment: comment, at: configuration.time.date(), visibleAfter: configuration.writeDelay)
        } catch {
            throw Self.apiError(for: error)
        }
        return try await accepted()
    }

    // MARK: - Helpers

    /// 202 `{}`, or a 500 after the write under `errorAfterWriteRate`.
    private func accepted() async throws(APIError) -> Response {
        if await faults.failsAfterWrite() { throw .internalFault }
        return JSONResponse.make(.accepted, EmptyObjectWire())
    }

    /// A required array of 1 to `limit` non-empty id strings, counted as sent; repeats are dropped after.
    private static func ids(_ fields: JSONFields, _ key: String, limit: Int) throws(APIError) -> [String] {
        _ = try fields.required(key)
        let ids = try fields.optionalStringArray(key)
        guard (1...limit).contains(ids.count) else {
            throw .badRequest("'\(key)' must hold 1 to \(limit) ids per call, not \(ids.count).")
        }
        if ids.contains(where: \.isEmpty) { throw .badRequest("'\(key)' must not contain an empty id.") }
        var seen: Set<String> = []
        return ids.filter { seen.insert($0).inserted }
    }

    private static func apiError(for error: TenantStoreError) -> APIError {
        switch error {
        case .unknownAccessRequestIDs, .accessRequestsNotCancelable, .unknownApprovalIDs, .approvalsNotPending,
            .accessNotFound, .alreadyExists, .unknownItemIDs:
            .badRequest(error.description.prefix(1).uppercased() + error.description.dropFirst() + ".")
        case .persistenceFailed, .unreadableFile:
            .internalFault
        }
    }
}
