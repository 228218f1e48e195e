import Foundation

// The access-request half of the tenant: requested items as `GET /access-request-status` lists them, with the
// approvals `bulk-approve` decides and what `close` and `bulk-cancel` record. Like the rest of the snapshot it
// is the sandbox's own model, written from the API reference (RequestedItemStatus, ApprovalStatusDto,
// CancelledRequestDetails, CloseAccessRequest), not from the client's types.

extension TenantSnapshot {
    /// A person: a requester, the identity access is requested for, an approver.
    public struct Identity: Sendable, Codable, Hashable {
        /// 32 lowercase hex digits, like ISC's identity ids.
        public var id: String
        public var name: String

        public init(id: String, name: String) {
            self.id = id
            self.name = name
        }

        /// Who the sandbox records as the actor of `close`, `bulk-cancel` and `bulk-approve`, and who `me`
        /// stands for in the status lists: the org admin behind the sandbox's credentials. No seeded request
        /// is by, for or assigned to this identity.
        public static let sandboxAdministrator = Identity(
            id: "2c9180a7c4e05b2d8f1a6e3b9d7c0f51", name: "Sandbox Administrator")
    }

    /// `RequestedItemStatus.type`: what kind of access an item asks for.
    public enum RequestedItemType: String, Sendable, Codable, Hashable, CaseIterable {
        case role = "ROLE"
        case accessProfile = "ACCESS_PROFILE"
        case entitlement = "ENTITLEMENT"
    }

    /// `AccessRequestType`.
    public enum AccessRequestType: String, Sendable, Codable, Hashable, CaseIterable {
        case grantAccess = "GRANT_ACCESS"
        case revokeAccess = "REVOKE_ACCESS"
        case modifyAccess = "MODIFY_ACCESS"
    }

    /// `RequestedItemStatusRequestState`. Only `executing` is pending; every other state is final.
    public enum AccessRequestState: String, Sendable, Codable, Hashable, CaseIterable {
        case executing = "EXECUTING"
        case requestCompleted = "REQUEST_COMPLETED"
        case cancelled = "CANCELLED"
        case terminated = "TERMINATED"
        case provisioningVerificationPending = "PROVISIONING_VERIFICATION_PENDING"
        case rejected = "REJECTED"
        case provisioningFailed = "PROVISIONING_FAILED"
        case notAllItemsProvisioned = "NOT_ALL_ITEMS_PROVISIONED"
        case error = "ERROR"
    }

    /// `ApprovalScheme`: who is responsible for an approval step.
    public enum ApprovalScheme: String, Sendable, Codable, Hashable, CaseIterable {
        case appOwner = "APP_OWNER"
        case sourceOwner = "SOURCE_OWNER"
        case manager = "MANAGER"
        case roleOwner = "ROLE_OWNER"
        case accessProfileOwner = "ACCESS_PROFILE_OWNER"
        case entitlementOwner = "ENTITLEMENT_OWNER"
        case governanceGroup = "GOVERNANCE_GROUP"
    }

    /// `ManualWorkItemState`, the status of one approval.
    public enum ApprovalStatus: String, Sendable, Codable, Hashable, CaseIterable {
        case pending = "PENDING"
        case approved = "APPROVED"
        case rejected = "REJECTED"
        case expired = "EXPIRED"
        case cancelled = "CANCELLED"
        case archived = "ARCHIVED"
    }

    /// One approval step of a requested item (`ApprovalStatusDto`, plus the id `approvalIds` lists).
    public struct Approval: Sendable, Codable, Hashable {
        /// What `POST /access-request-approvals/bulk-approve` takes; 32 hex digits.
        public var id: String
        public var scheme: ApprovalScheme
        /// Who the approval is assigned to (`originalOwner` on the wire).
        public var owner: Identity
        public var status: ApprovalStatus
        /// When it was decided (or cancelled); `nil` while pending.
        public var modified: Date?
        /// The approver's comment.
        public var comment: String?
        /// Who decided it (`currentOwner` on the wire once decided); `nil` while pending.
        public var reviewer: Identity?

        public init(
            id: String, scheme: ApprovalScheme, owner: Identity, status: ApprovalStatus = .pending,
            modified: Date? = nil, comment: String? = nil, reviewer: Identity? = nil
        ) {
            self.id = id
            self.scheme = scheme
            self.owner = owner
            self.status = status
            self.modified = modified
            self.comment = comment
            self.reviewer = reviewer
        }
    }

    /// `CommentDto`: the requester's comment.
    public struct AccessRequestComment: Sendable, Codable, Hashable {
        public var comment: String
        public var created: Date
        public var author: Identity

        public init(comment: String, created: Date, author: Identity) {
            self.comment = comment
            self.created = created
            self.author = author
        }
    }

    /// `CancelledRequestDetails`: what `bulk-cancel` (or the requester) recorded.
    public struct AccessRequestCancellation: Sendable, Codable, Hashable {
        public var comment: String
        public var owner: Identity
        public var modified: Date

        public init(comment: String, owner: Identity, modified: Date) {
            self.comment = comment
            self.owner = owner
            self.modified = modified
        }
    }

    /// `CloseAccessRequest.executionStatus`: shown as the request's Stage.
    public enum CloseExecutionStatus: String, Sendable, Codable, Hashable, CaseIterable {
        case terminated = "Terminated"
        case completed = "Completed"
    }

    /// `CloseAccessRequest.completionStatus`: shown as the request's Status.
    public enum CloseCompletionStatus: String, Sendable, Codable, Hashable, CaseIterable {
        case success = "Success"
        case incomplete = "Incomplete"
        case failure = "Failure"
    }

    /// What `POST /access-requests/close` recorded on an item it closed.
    public struct AccessRequestClosure: Sendable, Codable, Hashable {
        /// Shown under Warnings (the sandbox lists it in `errorMessages`).
        public var message: String
        public var executionStatus: CloseExecutionStatus
        public var completionStatus: CloseCompletionStatus
        public var closed: Date
        public var closedBy: Identity

        /// The message ISC uses when a close names none.
        public static let defaultMessage = "The IdentityNow Administrator manually closed this request."

        public init(
            message: String = defaultMessage, executionStatus: CloseExecutionStatus = .terminated,
            completionStatus: CloseCompletionStatus = .failure, closed: Date,
            closedBy: Identity = .sandboxAdministrator
        ) {
            self.message = message
            self.executionStatus = executionStatus
            self.completionStatus = completionStatus
            self.closed = closed
            self.closedBy = closedBy
        }
    }

    /// What `bulk-approve` records on each approval it approves.
    public struct ApprovalDecision: Sendable, Codable, Hashable {
        public var comment: String
        public var reviewer: Identity
        public var decided: Date

        public init(comment: String, reviewer: Identity = .sandboxAdministrator, decided: Date) {
            self.comment = comment
            self.reviewer = reviewer
            self.decided = decided
        }
    }

    /// One requested item of an access request, as `GET /access-request-status` lists it (one entry per item).
    public struct AccessRequestItem: Sendable, Codable, Hashable {
        /// The access request id (`id` on the wire), 32 hex digits, unique per item here.
        public var id: String
        /// The identity request id ("account activity id", `accessRequestId` on the wire): what `close` and
        /// `bulk-cancel` take. Items requested together share it.
        public var accessRequestID: String
        public var accountActivityItemID: String
        public var itemType: RequestedItemType
        /// The role, access-profile or entitlement id. Not on the wire (RequestedItemStatus names the item
        /// only by type and name); kept so that tests can join requests to the catalog and common access.
        public var itemID: String?
        public var name: String
        public var description: String?
        public var requestType: AccessRequestType
        public var requester: Identity
        public var requestedFor: Identity
        public var created: Date
        public var modified: Date
        public var state: AccessRequestState
        /// True until the approval step has passed (and never once the item is final).
        public var cancelable: Bool
        /// In the order ISC lists them (`approvalIds` and `approvalDetails` follow it).
        public var approvals: [Approval]
        public var requesterComment: AccessRequestComment?
        /// Set when the item was cancelled.
        public var cancellation: AccessRequestCancellation?
        /// Set when `close` closed the item.
        public var closure: AccessRequestClosure?

        public init(
            id: String, accessRequestID: String, accountActivityItemID: String, itemType: RequestedItemType,
            itemID: String?, name: String, description: String?, requestType: AccessRequestType = .grantAccess,
            requester: Identity, requestedFor: Identity, created: Date, modified: Date,
            state: AccessRequestState = .executing, cancelable: Bool = true, approvals: [Approval] = [],
            requesterComment: AccessRequestComment? = nil, cancellation: AccessRequestCancellation? = nil,
            closure: AccessRequestClosure? = nil
        ) {
            self.id = id
            self.accessRequestID = accessRequestID
            self.accountActivityItemID = accountActivityItemID
            self.itemType = itemType
            self.itemID = itemID
            self.name = name
            self.description = description
            self.requestType = requestType
            self.requester = requester
            self.requestedFor = requestedFor
            self.created = created
            self.modified = modified
            self.state = state
            self.cancelable = cancelable
            self.approvals = approvals
            self.requesterComment = requesterComment
            self.cancellation = cancellation
            self.closure = closure
        }

        /// Whether the item is still pending (`request-state=EXECUTING` lists it).
        public var isPending: Bool { state == .executing }
    }
}

// MARK: - What the writes do to an item

extension TenantSnapshot.AccessRequestItem {
    /// Closes the item if it is pending: `Terminated` ends it as TERMINATED, `Completed` as REQUEST_COMPLETED;
    /// approvals still pending are cancelled. A final item is left as it is.
    mutating func close(_ closure: TenantSnapshot.AccessRequestClosure) {
        guard isPending else { return }
        state = closure.executionStatus == .completed ? .requestCompleted : .terminated
        cancelable = false
        modified = closure.closed
        self.closure = closure
        cancelPendingApprovals(at: closure.closed)
    }

    /// Cancels the item if it is pending; approvals still pending are cancelled. The store checks
    /// `cancelable` before it accepts a cancel.
    mutating func cancel(_ cancellation: TenantSnapshot.AccessRequestCancellation) {
        guard isPending else { return }
        state = .cancelled
        cancelable = false
        modified = cancellation.modified
        self.cancellation = cancellation
        cancelPendingApprovals(at: cancellation.modified)
    }

    /// Approves the pending approvals among `ids`. Once every approval is approved the approval step has
    /// passed and the sandbox provisions at once: the item ends as REQUEST_COMPLETED.
    mutating func approve(_ ids: Set<String>, _ decision: TenantSnapshot.ApprovalDecision) {
        guard isPending else { return }
        var changed = false
        for index in approvals.indices where ids.contains(approvals[index].id) && approvals[index].status == .pending {
            approvals[index].status = .approved
            approvals[index].modified = decision.decided
            approvals[index].comment = decision.comment
            approvals[index].reviewer = decision.reviewer
            changed = true
        }
        guard changed else { return }
        modified = decision.decided
        if approvals.allSatisfy({ $0.status == .approved }) {
            state = .requestCompleted
            cancelable = false
        }
    }

    private mutating func cancelPendingApprovals(at date: Date) {
        for index in approvals.indices where approvals[index].status == .pending {
            approvals[index].status = .cancelled
            approvals[index].modified = date
        }
    }
}
