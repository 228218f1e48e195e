// The access-request endpoints: the pending list, close, bulk cancel and bulk approve.

import AccessPolicy

extension ISCClient: AccessRequestService {
    /// Every pending requested item, each once: `GET /access-request-status?request-state=EXECUTING`.
    ///
    /// Read like ``listCommonAccess()``: `count=true` on the first page, the rest concurrently, re-read when the
    /// list shifts, never returned short. Elements are de-duplicated by `id`, or by `accessRequestId`,
    /// `accountActivityItemId` and `name` when `id` is null (requests made before 2025). Elements whose `state`
    /// is present and not `EXECUTING` are left out. A pending element without an `accessRequestId` or a usable
    /// `created` date fails the call with ``ISCError`` `.badResponse` naming it: a request the client cannot age
    /// or address must not silently drop out of a plan.
    ///
    /// Each item's approval ids are those still open: `approvalIds` narrowed by the decisions in
    /// `approvalDetails` (see `RequestedItemStatusWire.pendingApprovalIDs`).
    public func listPendingAccessRequests() async throws -> [PendingAccessRequest] {
        let entries = try await readWholeList(
            PagedList(
                name: "access-request status list", subject: "access requests",
                path: configuration.apiVersion.path("access-request-status"),
                filters: [("request-state", RequestedItemStatusWire.pendingState)],
                decode: { response, request, offset in
                    try decodeAccessRequestStatusPage(response, for: request, offset: offset)
                },
                key: { $0.key }))
        return entries.compactMap(\.pending)
    }

    /// Closes identity requests: `POST /access-requests/close` with
    /// `{"accessRequestIds": […], "message": …, "executionStatus": …, "completionStatus": …}`.
    ///
    /// Each id is sent once, in the order given; 1 to ``AccessRequestLimits/close`` of them, else ``ISCError``
    /// `.configuration` and nothing is sent. Accepts 200, 202 and 204. 5xx, network errors and 429 are retried; an
    /// attempt that took effect although its answer was lost is found in the pending list, not sent again.
    public func closeAccessRequests(_ request: CloseAccessRequests) async throws {
        let path = configuration.apiVersion.path("access-requests", "/close")
        let ids = try Self.batch(
            request.requestIDs, limit: AccessRequestLimits.close, of: "identity request ids", for: "POST \(path)")
        let body = CloseAccessRequestWire(
            accessRequestIds: ids, message: request.message, executionStatus: request.executionStatus.rawValue,
            completionStatus: request.completionStatus.rawValue)
        try await post(body, to: path, settled: Self.noneStillPending(requestIDs: ids))
    }

    /// Cancels identity requests in bulk: `POST /access-requests/bulk-cancel` with
    /// `{"accessRequestIds": […], "comment": …}`.
    ///
    /// Each id is sent once; 1 to ``AccessRequestLimits/cancel`` of them. The beta API has no bulk cancel. Either
    /// refusal is an ``ISCError`` `.configuration` before anything is sent. Accepts 200, 202 and 204; retried
    /// like ``closeAccessRequests(_:)``.
    public func cancelAccessRequests(requestIDs: [String], comment: String) async throws {
        let path = configuration.apiVersion.path("access-requests", "/bulk-cancel")
        try requireBulkEndpoint("bulk cancel", path: "/access-requests/bulk-cancel")
        let ids = try Self.batch(
            requestIDs, limit: AccessRequestLimits.cancel, of: "identity request ids", for: "POST \(path)")
        try await post(
            BulkCancelAccessRequestWire(accessRequestIds: ids, comment: comment), to: path,
            settled: Self.noneStillPending(requestIDs: ids))
    }

    /// Approves pending approvals in bulk: `POST /access-request-approvals/bulk-approve` with
    /// `{"approvalIds": […], "comment": …}` (approval ids, not access request ids, whatever the spec's example
    /// shows).
    ///
    /// Each id is sent once; 1 to ``AccessRequestLimits/approve`` of them. The beta API has no bulk approve.
    /// Either refusal is an ``ISCError`` `.configuration` before anything is sent. Accepts 200, 202 and 204;
    /// retried like ``closeAccessRequests(_:)``.
    public func approveAccessRequests(approvalIDs: [String], comment: String) async throws {
        let path = configuration.apiVersion.path("access-request-approvals", "/bulk-approve")
        try requireBulkEndpoint("bulk approve", path: "/access-request-approvals/bulk-approve")
        let ids = try Self.batch(
            approvalIDs, limit: AccessRequestLimits.approve, of: "approval ids", for: "POST \(path)")
        let sent = Set(ids)
        try await post(BulkApproveAccessRequestWire(approvalIds: ids, comment: comment), to: path) { pending in
            !pending.contains { !sent.isDisjoint(with: $0.approvalIDs) }
        }
    }

    /// A page of the status list; a pending element without `accessRequestId` or a usable `created` fails the
    /// page, naming the element by its position in the list and its ids.
    func decodeAccessRequestStatusPage(_ response: APIResponse, for request: APIRequest, offset: Int) throws
        -> [AccessRequestStatusEntry]
    {
        let wires = try decodeBody([RequestedItemStatusWire].self, from: response, for: request)
        return try wires.enumerated().map { index, wire in
            switch wire.entry() {
            case .success(let entry):
                return entry
            case .failure(let unusable):
                let value = unusable.value.map { " (\(RequestedItemStatusWire.quoted($0)))" } ?? ""
                let message =
                    "pending item \(offset + index) of the list (\(wire.label)) has no usable \(unusable.field)\(value)"
                throw ISCError(
                    kind: .badResponse, method: request.method.rawValue, path: request.path, status: response.status,
                    message: scrub(message, bearer: response.bearer))
            }
        }
    }

    /// Sends one access-request write: a JSON body, 200/202/204 accepted, retried by
    /// ``send(_:accepting:recheck:decode:)``.
    ///
    /// These writes are not idempotent in effect: once a close, cancel or approval took effect, sending it
    /// again is refused (the ids are no longer pending). So before a retry, and when a retry is refused, the
    /// pending list is read again, and `settled` says whether the earlier attempt did it all.
    private func post(
        _ body: some Encodable, to path: String, settled: @escaping @Sendable ([PendingAccessRequest]) -> Bool
    ) async throws {
        let request = APIRequest(method: .post, path: path, body: try Self.encodeJSON(body))
        try await send(
            request, accepting: [200, 202, 204],
            recheck: { settled(try await listPendingAccessRequests()) ? .done(()) : .unknown }
        ) { _ in () }
    }

    /// Whether a close or cancel of `requestIDs` shows: none of those identity requests is pending any more.
    private static func noneStillPending(requestIDs: [String]) -> @Sendable ([PendingAccessRequest]) -> Bool {
        let sent = Set(requestIDs)
        return { pending in !pending.contains { sent.contains($0.requestID) } }
    }

    /// Refuses the bulk cancel and bulk approve endpoints under the beta API, which does not have them.
    private func requireBulkEndpoint(_ operation: String, path: String) throws(ISCError) {
        guard configuration.apiVersion == .beta else { return }
        throw ISCError(
            kind: .configuration,
            message: "\(operation) (POST \(path)) is not in the beta API; it needs v2024, v2025, v2026 or v1",
            hint: "set apiVersion to v2025 (or v2024, v2026, v1)")
    }

    /// `ids` without repeats, checked against the endpoint's limits: an empty id, none at all or more than
    /// `limit` is refused before anything is sent.
    static func batch(_ ids: [String], limit: Int, of what: String, for call: String) throws(ISCError) -> [String] {
        guard !ids.contains(where: \.isEmpty) else {
            throw ISCError(kind: .configuration, message: "\(call): one of the \(what) is empty")
        }
        let unique = unique(ids) { $0 }
        guard (1...limit).contains(unique.count) else {
            throw ISCError(
                kind: .configuration, message: "\(call) takes 1 to \(limit) \(what), not \(unique.count)",
                hint: unique.isEmpty ? "send nothing instead" : "split the ids into batches of at most \(limit)")
        }
        return unique
    }
}
