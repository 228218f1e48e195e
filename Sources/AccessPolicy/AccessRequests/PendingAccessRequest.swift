import Foundation

/// One requested item that is still pending, as `GET /access-request-status?request-state=EXECUTING` lists it.
///
/// ISC lists access requests per requested item; the ids that the write endpoints take differ per endpoint,
/// so all of them are kept.
public struct PendingAccessRequest: Sendable, Hashable, Codable {
    /// The identity request id (ISC's `accessRequestId`, "the account activity id"): what
    /// `POST /access-requests/close` and `POST /access-requests/bulk-cancel` take.
    public var requestID: String
    /// The access request's own id (`id`); nil for requests made before 2025.
    public var itemRequestID: String?
    /// ISC's `accountActivityItemId`: with the identity request id and the name, what tells apart the items of
    /// a request made before 2025, which have no `id`.
    public var accountActivityItemID: String?
    /// Pending approvals of this item: what `POST /access-request-approvals/bulk-approve` takes.
    public var approvalIDs: [String]
    /// `ACCESS_PROFILE`, `ROLE` or `ENTITLEMENT`; nil when the tenant does not say.
    public var itemType: String?
    /// The requested item's display name. ISC's status list gives no item id, so matching to common access
    /// goes by type and name.
    public var itemName: String?
    /// `GRANT_ACCESS`, `REVOKE_ACCESS`, `MODIFY_ACCESS`; nil means a grant.
    public var requestType: String?
    public var requesterName: String?
    public var requestedForName: String?
    public var created: Date
    /// True while the request has not passed its approval step (ISC's `cancelable`).
    public var cancelable: Bool

    public init(
        requestID: String, itemRequestID: String? = nil, accountActivityItemID: String? = nil,
        approvalIDs: [String] = [], itemType: String? = nil,
        itemName: String? = nil, requestType: String? = nil, requesterName: String? = nil,
        requestedForName: String? = nil, created: Date, cancelable: Bool
    ) {
        self.requestID = requestID
        self.itemRequestID = itemRequestID
        self.accountActivityItemID = accountActivityItemID
        self.approvalIDs = approvalIDs
        self.itemType = itemType
        self.itemName = itemName
        self.requestType = requestType
        self.requesterName = requesterName
        self.requestedForName = requestedForName
        self.created = created
        self.cancelable = cancelable
    }

    /// One requested item, the same in every read of the list: its `id`, or for requests made before 2025 its
    /// identity request id, account activity item id, type and name.
    public var itemKey: String {
        if let itemRequestID { return "id|\(itemRequestID)" }
        return "item|\(requestID)|\(accountActivityItemID ?? "")|\(itemType ?? "")|\(itemName ?? "")"
    }

    /// `pending` by ``itemKey``, the first of any repeats: what a later read of the list is matched against.
    static func byItemKey(_ pending: [PendingAccessRequest]) -> [String: PendingAccessRequest] {
        Dictionary(pending.map { ($0.itemKey, $0) }) { first, _ in first }
    }

    /// True for grants (or when the tenant leaves the type out, as ISC defaults to a grant).
    public var isGrant: Bool { requestType == nil || requestType == "GRANT_ACCESS" }
}
