/// What the access-request policy kind needs from a tenant (DESIGN.md §6). ISC's client and the in-memory fake
/// conform; the batch sizes are the callers' job (500 for close, 50 for cancel and approve).
public protocol AccessRequestService: Sendable {
    /// Every pending requested item (`GET /access-request-status?request-state=EXECUTING`), each once.
    func listPendingAccessRequests() async throws -> [PendingAccessRequest]

    /// `POST /access-requests/close` with 1 to 500 identity request ids.
    func closeAccessRequests(_ request: CloseAccessRequests) async throws

    /// `POST /access-requests/bulk-cancel` with 1 to 50 identity request ids.
    func cancelAccessRequests(requestIDs: [String], comment: String) async throws

    /// `POST /access-request-approvals/bulk-approve` with 1 to 50 approval ids.
    func approveAccessRequests(approvalIDs: [String], comment: String) async throws
}

/// The body of one close call.
public struct CloseAccessRequests: Sendable, Hashable, Codable {
    /// What ISC shows as the request's Stage.
    public enum ExecutionStatus: String, Sendable, Hashable, Codable, CaseIterable {
        case terminated = "Terminated", completed = "Completed"
    }

    /// What ISC shows as the request's Status.
    public enum CompletionStatus: String, Sendable, Hashable, Codable, CaseIterable {
        case success = "Success", incomplete = "Incomplete", failure = "Failure"
    }

    public var requestIDs: [String]
    public var message: String
    public var executionStatus: ExecutionStatus
    public var completionStatus: CompletionStatus

    public init(
        requestIDs: [String], message: String, executionStatus: ExecutionStatus, completionStatus: CompletionStatus
    ) {
        self.requestIDs = requestIDs
        self.message = message
        self.executionStatus = executionStatus
        self.completionStatus = completionStatus
    }
}

public enum AccessRequestLimits {
    /// Most ids per `POST /access-requests/close`.
    public static let close = 500
    /// Most ids per `POST /access-requests/bulk-cancel`.
    public static let cancel = 50
    /// Most approval ids per `POST /access-request-approvals/bulk-approve`.
    public static let approve = 50
}
