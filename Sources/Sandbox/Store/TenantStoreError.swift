import Foundation

/// Why the simulated tenant refused a write or could not load or save its file.
public enum TenantStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The role or access profile named by a create is not in the catalog.
    case accessNotFound(type: TenantSnapshot.AccessType, id: String)
    /// A common-access item for this role or access profile exists already (perhaps not yet visible).
    case alreadyExists(type: TenantSnapshot.AccessType, id: String, itemID: String)
    /// `update-status` named item ids the tenant does not have.
    case unknownItemIDs([String])
    /// `close` or `bulk-cancel` named identity request ids the tenant does not have; `hint` says what such an
    /// id is instead (an item's own id, say), when it is one.
    case unknownAccessRequestIDs([String], hint: String?)
    /// `bulk-cancel` named identity requests that cannot be cancelled (past approval, or finished).
    case accessRequestsNotCancelable([Refusal])
    /// `bulk-approve` named approval ids the tenant does not have.
    case unknownApprovalIDs([String], hint: String?)
    /// `bulk-approve` named approvals that are no longer pending.
    case approvalsNotPending([Refusal])
    /// The persisted file exists but does not decode.
    case unreadableFile(path: String, reason: String)
    /// The state could not be written; the write was not applied.
    case persistenceFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case .accessNotFound(let type, let id):
            "\(type.rawValue) \(id) does not exist in the catalog"
        case .alreadyExists(let type, let id, let itemID):
            "a common access item for \(type.rawValue) \(id) already exists (id \(itemID))"
        case .unknownItemIDs(let ids):
            "unknown common access item id(s): \(ids.joined(separator: ", "))"
        case .unknownAccessRequestIDs(let ids, let hint):
            "unknown access request id(s): \(ids.joined(separator: ", "))"
                + " (expected identity request ids: the accessRequestId of GET /access-request-status)"
                + (hint.map { "; \($0)" } ?? "")
        case .accessRequestsNotCancelable(let refusals):
            "access request(s) that cannot be cancelled: " + refusals.map(\.description).joined(separator: "; ")
        case .unknownApprovalIDs(let ids, let hint):
            "unknown approval id(s): \(ids.joined(separator: ", "))"
                + " (expected the approvalIds of GET /access-request-status)" + (hint.map { "; \($0)" } ?? "")
        case .approvalsNotPending(let refusals):
            "approval(s) that are not pending: " + refusals.map(\.description).joined(separator: "; ")
        case .unreadableFile(let path, let reason):
            "cannot read the sandbox tenant file \(path): \(reason)"
        case .persistenceFailed(let path, let reason):
            "cannot write the sandbox tenant file \(path): \(reason)"
        }
    }

    /// An id a write named, and why the tenant refused it.
    public struct Refusal: Sendable, Equatable, CustomStringConvertible {
        public var id: String
        public var reason: String

        public init(id: String, reason: String) {
            self.id = id
            self.reason = reason
        }

        public var description: String { "\(id) (\(reason))" }
    }
}
