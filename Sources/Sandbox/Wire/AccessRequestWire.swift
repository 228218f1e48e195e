/// Which variant of the access-request shapes a version prefix serves (isc-api-subset.yaml,
/// `x-differences-from-v2025`).
enum AccessRequestFlavor: Sendable {
    /// `/v2024`, `/v2025`, `/v2026`: the v2025 schemas.
    case yearly
    /// `/v3` and `/beta`: `approvalDetails[]` also carry `approvalId`.
    case legacy
    /// `/access-request-status/v1`, `/access-request-administration/v1`: also `form`, `identityType`
    /// (and `jitDetails` on the status list), all null here.
    case perService
}

/// `{type: "IDENTITY", id, name}`: requester, requestedFor, approval owners, comment authors.
private struct IdentityReferenceWire: Encodable {
    var type = "IDENTITY"
    var id: String
    var name: String

    init(_ identity: TenantSnapshot.Identity) {
        id = identity.id
        name = identity.name
    }
}

/// `ApprovalStatusDto`. `currentOwner` is who decided the approval, or its owner while it is pending.
private struct ApprovalStatusWire: Encodable {
    var approval: TenantSnapshot.Approval
    var flavor: AccessRequestFlavor

    private enum CodingKeys: String, CodingKey {
        case approvalId, forwarded, originalOwner, currentOwner, modified, status, scheme, errorMessages, comment
        case removeDate
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        if flavor == .legacy { try container.encode(approval.id, forKey: .approvalId) }
        try container.encode(false, forKey: .forwarded)
        try container.encode(IdentityReferenceWire(approval.owner), forKey: .originalOwner)
        try container.encode(IdentityReferenceWire(approval.reviewer ?? approval.owner), forKey: .currentOwner)
        try container.encode(approval.modified.map(Timestamp.string(from:)), forKey: .modified)
        try container.encode(approval.status.rawValue, forKey: .status)
        try container.encode(approval.scheme.rawValue, forKey: .scheme)
        try container.encodeNil(forKey: .errorMessages)
        try container.encode(approval.comment, forKey: .comment)
        try container.encodeNil(forKey: .removeDate)
    }
}

/// One element of `GET /access-request-status` (`RequestedItemStatus`) or, with `administration`, of
/// `GET /access-request-administration` (`AccessRequestAdminItemStatus`: no `approvalIds`,
/// `requestedAccounts` or `privilegeLevel`, plus `reauthorizationRequired`).
///
/// Fields the sandbox does not model are written as null, as a request without those features has them. A
/// close's message is what ISC shows under Warnings; here it is the one entry of `errorMessages`.
struct RequestedItemStatusWire: Encodable {
    var item: TenantSnapshot.AccessRequestItem
    var flavor: AccessRequestFlavor
    var administration: Bool

    private enum CodingKeys: String, CodingKey {
        case id, name, type, cancelledRequestDetails, errorMessages, state, approvalDetails, approvalIds
        case manualWorkItemDetails, accountActivityItemId, requestType, modified, created, requester, requestedFor
        case requesterComment, sodViolationContext, provisioningDetails, preApprovalTriggerDetails
        case accessRequestPhases, description, startDate, removeDate, cancelable, reauthorizationRequired
        case accessRequestId, clientMetadata, requestedAccounts, privilegeLevel, form, identityType, jitDetails
    }

    private struct CommentWire: Encodable {
        var comment: String
        var created: String
        var author: IdentityReferenceWire
    }

    private struct CancelledWire: Encodable {
        var comment: String
        var owner: IdentityReferenceWire
        var modified: String
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(item.id, forKey: .id)
        try container.encode(item.name, forKey: .name)
        try container.encode(item.itemType.rawValue, forKey: .type)
        let cancelled = item.cancellation.map {
            CancelledWire(
                comment: $0.comment, owner: IdentityReferenceWire($0.owner),
                modified: Timestamp.string(from: $0.modified))
        }
        try container.encode(cancelled, forKey: .cancelledRequestDetails)
        let warnings = item.closure.map { [[ErrorResponseWire.Message(text: $0.message)]] }
        try container.encode(warnings, forKey: .errorMessages)
        try container.encode(item.state.rawValue, forKey: .state)
        try container.encode(
            item.approvals.map { ApprovalStatusWire(approval: $0, flavor: flavor) }, forKey: .approvalDetails)
        if !administration { try container.encode(item.approvals.map(\.id), forKey: .approvalIds) }
        try container.encodeNil(forKey: .manualWorkItemDetails)
        try container.encode(item.accountActivityItemID, forKey: .accountActivityItemId)
        try container.encode(item.requestType.rawValue, forKey: .requestType)
        try container.encode(Timestamp.string(from: item.modified), forKey: .modified)
        try container.encode(Timestamp.string(from: item.created), forKey: .created)
        try container.encode(IdentityReferenceWire(item.requester), forKey: .requester)
        try container.encode(IdentityReferenceWire(item.requestedFor), forKey: .requestedFor)
        let comment = item.requesterComment.map {
            CommentWire(
                comment: $0.comment, created: Timestamp.string(from: $0.created),
                author: IdentityReferenceWire($0.author))
        }
        try container.encode(comment, forKey: .requesterComment)
        try container.encodeNil(forKey: .sodViolationContext)
        try container.encodeNil(forKey: .provisioningDetails)
        try container.encodeNil(forKey: .preApprovalTriggerDetails)
        try container.encodeNil(forKey: .accessRequestPhases)
        try container.encode(item.description, forKey: .description)
        try container.encodeNil(forKey: .startDate)
        try container.encodeNil(forKey: .removeDate)
        try container.encode(item.cancelable, forKey: .cancelable)
        if administration { try container.encode(false, forKey: .reauthorizationRequired) }
        try container.encode(item.accessRequestID, forKey: .accessRequestId)
        try container.encodeNil(forKey: .clientMetadata)
        if !administration {
            try container.encodeNil(forKey: .requestedAccounts)
            try container.encodeNil(forKey: .privilegeLevel)
        }
        if flavor == .perService {
            try container.encodeNil(forKey: .form)
            try container.encodeNil(forKey: .identityType)
            if !administration { try container.encodeNil(forKey: .jitDetails) }
        }
    }
}
