import AccessPolicy
import Foundation

/// `RequestedItemStatus` (one element of `GET /access-request-status`), read leniently.
///
/// Unknown fields are ignored, every field may be null or absent, and a display field of the wrong type is
/// dropped. Whether an element is a usable pending request is decided by ``entry()``.
struct RequestedItemStatusWire: Decodable {
    var id: String?
    var accessRequestId: String?
    var accountActivityItemId: String?
    var name: String?
    var type: String?
    var requestType: String?
    /// `nil` when absent or null; a value of the wrong type is kept as `""`, so it still counts as "not EXECUTING".
    var state: String?
    var approvalIds: [String]?
    var approvalDetails: [ApprovalDetailWire]?
    var requester: IdentityReferenceWire?
    var requestedFor: IdentityReferenceWire?
    var created: String?
    var cancelable: Bool?

    private enum CodingKeys: String, CodingKey {
        case id, accessRequestId, accountActivityItemId, name, type, requestType, state, approvalIds, approvalDetails
        case requester, requestedFor, created, cancelable
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = container.lenientString(forKey: .id)
        accessRequestId = container.lenientString(forKey: .accessRequestId)
        accountActivityItemId = container.lenientString(forKey: .accountActivityItemId)
        name = container.lenientString(forKey: .name)
        type = container.lenientString(forKey: .type)
        requestType = container.lenientString(forKey: .requestType)
        if container.contains(.state), (try? container.decodeNil(forKey: .state)) == false {
            state = container.lenientString(forKey: .state) ?? ""
        }
        approvalIds = container.lenient(LossyArray<String>.self, forKey: .approvalIds)?.elements
        approvalDetails = container.lenient(LossyArray<ApprovalDetailWire>.self, forKey: .approvalDetails)?.elements
        requester = container.lenient(IdentityReferenceWire.self, forKey: .requester)
        requestedFor = container.lenient(IdentityReferenceWire.self, forKey: .requestedFor)
        created = container.lenientString(forKey: .created)
        cancelable = container.lenientBool(forKey: .cancelable)
    }

    /// The status list's `request-state` filter value, and the only state the client acts on.
    static let pendingState = "EXECUTING"

    /// What makes two listed elements the same requested item: `id` when there is one (it is nullable for
    /// requests made before 2025), else the identity request, its account activity item and the item's type
    /// and name.
    var key: String {
        if let id, !id.isEmpty { return "id\u{0}\(id)" }
        return
            "item\u{0}\(accessRequestId ?? "")\u{0}\(accountActivityItemId ?? "")\u{0}\(type ?? "")\u{0}\(name ?? "")"
    }

    /// The element as a pending request; `nil` inside the entry when its state is present and not EXECUTING (the
    /// server should not list those, and the client does not act on them); a failure naming the missing field
    /// when it is pending but unusable.
    func entry() -> Result<AccessRequestStatusEntry, Unusable> {
        if let state, state.uppercased() != Self.pendingState {
            return .success(AccessRequestStatusEntry(key: key, pending: nil))
        }
        guard let accessRequestId, !accessRequestId.isEmpty else {
            return .failure(Unusable(field: "accessRequestId", value: nil))
        }
        guard let created else { return .failure(Unusable(field: "created date", value: nil)) }
        guard let date = Self.date(created) else { return .failure(Unusable(field: "created date", value: created)) }
        let pending = PendingAccessRequest(
            requestID: accessRequestId, itemRequestID: id.flatMap { $0.isEmpty ? nil : $0 },
            accountActivityItemID: accountActivityItemId.flatMap { $0.isEmpty ? nil : $0 },
            approvalIDs: pendingApprovalIDs, itemType: type, itemName: name, requestType: requestType,
            requesterName: requester?.name, requestedForName: requestedFor?.name, created: date,
            cancelable: cancelable ?? false)
        return .success(AccessRequestStatusEntry(key: key, pending: pending))
    }

    /// The approvals of this item still waiting for a decision: what bulk approve may be sent.
    ///
    /// `approvalIds` lists every approval "associated with the request", decided ones too, so the decisions in
    /// `approvalDetails` narrow it: by the `approvalId` each detail carries (v3 and beta), else by position when
    /// the two lists are as long as each other (they describe the same approvals in the same order), else
    /// `approvalIds` is taken whole when it has exactly as many ids as there are open approvals (a tenant that
    /// lists only those) or when every approval is open. Otherwise none are used and the item is not approved:
    /// sending a decided approval fails the whole call.
    /// Without details, `approvalIds` is taken as it is. Empty ids and repeats are left out.
    var pendingApprovalIDs: [String] {
        let details = approvalDetails ?? []
        func isPending(_ detail: ApprovalDetailWire) -> Bool {
            detail.status.map { $0.uppercased() == "PENDING" } ?? true
        }
        let ids: [String]
        if !details.isEmpty, details.allSatisfy({ $0.approvalId != nil }) {
            ids = details.filter(isPending).compactMap(\.approvalId)
        } else if let approvalIds, !details.isEmpty, details.count == approvalIds.count {
            ids = zip(approvalIds, details).filter { isPending($0.1) }.map(\.0)
        } else if let approvalIds, approvalIds.count == details.filter(isPending).count {
            ids = approvalIds  // as many ids as open approvals: a tenant that lists only the open ones
        } else if let approvalIds {
            ids = details.allSatisfy(isPending) ? approvalIds : []
        } else {
            ids = details.filter(isPending).compactMap(\.approvalId)
        }
        var seen = Set<String>()
        return ids.filter { !$0.isEmpty && seen.insert($0).inserted }
    }

    /// ISO 8601 with or without fractional seconds, `Z` or a numeric offset.
    static func date(_ text: String) -> Date? {
        let text = text.trimmingWhitespace()
        return (try? Date.ISO8601FormatStyle().parse(text))
            ?? (try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text))
    }

    /// Why a pending element cannot be used: the field, and the value it had when it had one.
    struct Unusable: Error {
        var field: String
        var value: String?
    }

    /// How an error names the element: its ids and name, as far as it has them.
    var label: String {
        let parts: [(String, String?)] = [("id", id), ("accessRequestId", accessRequestId), ("name", name)]
        let named = parts.compactMap { field, value in
            value.map { "\(field) \(Self.quoted($0))" }
        }
        return named.isEmpty ? "no id or name" : named.joined(separator: ", ")
    }

    /// `"value"`, cut short when long: tenant text inside a one-line error.
    static func quoted(_ value: String) -> String {
        value.count > 80 ? "\"\(value.prefix(80))…\"" : "\"\(value)\""
    }
}

/// One element of an access-request status page: its key, and the pending request when it is one.
struct AccessRequestStatusEntry: Sendable {
    var key: String
    /// `nil` for an element whose state says it is no longer pending.
    var pending: PendingAccessRequest?
}

/// `ApprovalStatusDto`: only the approval id (v3 and beta) and whether it is still pending matter.
struct ApprovalDetailWire: Decodable {
    var approvalId: String?
    var status: String?

    private enum CodingKeys: String, CodingKey {
        case approvalId, status
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        approvalId = container.lenientString(forKey: .approvalId)
        status = container.lenientString(forKey: .status)
    }
}

/// `AccessItemRequester` and `requestedFor`: `{type, id, name}`; only the display name is used.
struct IdentityReferenceWire: Decodable {
    var name: String?

    private enum CodingKeys: String, CodingKey {
        case name
    }

    init(from decoder: any Decoder) throws {
        name = try decoder.container(keyedBy: CodingKeys.self).lenientString(forKey: .name)
    }
}

/// `CloseAccessRequest`.
struct CloseAccessRequestWire: Encodable {
    var accessRequestIds: [String]
    var message: String
    var executionStatus: String
    var completionStatus: String
}

/// `BulkCancelAccessRequest`.
struct BulkCancelAccessRequestWire: Encodable {
    var accessRequestIds: [String]
    var comment: String
}

/// `BulkApproveAccessRequest`: `approvalIds`, as the schema requires (the spec's example wrongly shows
/// `accessRequestIds`).
struct BulkApproveAccessRequestWire: Encodable {
    var approvalIds: [String]
    var comment: String
}
