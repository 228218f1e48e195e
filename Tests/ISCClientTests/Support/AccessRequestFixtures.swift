import Foundation

/// One `RequestedItemStatus` as ISC's v2025 status list sends it, with the fields the client reads set from the
/// arguments (`nil` leaves a field out) and a realistic set of fields it ignores.
func requestedItemJSON(
    id: String? = "item-1", accessRequestID: String? = "request-1", accountActivityItemID: String? = "activity-1",
    name: String? = "Engineering Base", type: String = "ROLE", state: String? = "EXECUTING",
    created: String? = "2026-01-02T03:04:05.123Z", approvalIDs: [String]? = ["approval-1"],
    cancelable: String = "true"
) -> String {
    func string(_ value: String?) -> String { value.map { #""\#($0)""# } ?? "null" }
    var fields = [
        #""id":\#(string(id))"#, #""name":\#(string(name))"#, #""type":"\#(type)""#,
        #""cancelledRequestDetails":null"#, #""errorMessages":null"#,
        #""approvalDetails":[{"forwarded":false,"currentOwner":{"type":"IDENTITY","id":"o-1","name":"Ada"},"#
            + #""modified":"2026-01-02T04:00:00Z","status":"PENDING","scheme":"MANAGER","errorMessages":null,"#
            + #""comment":null,"removeDate":null}]"#,
        #""manualWorkItemDetails":null"#, #""accountActivityItemId":\#(string(accountActivityItemID))"#,
        #""requestType":"GRANT_ACCESS""#, #""modified":"2026-01-02T04:00:00Z""#,
        #""requester":{"type":"IDENTITY","id":"requester-1","name":"Grace Hopper"}"#,
        #""requestedFor":{"type":"IDENTITY","id":"identity-1","name":"Alan Turing"}"#,
        #""requesterComment":{"comment":"please","author":{"type":"IDENTITY","id":"requester-1","name":"Grace"}}"#,
        #""sodViolationContext":null,"provisioningDetails":null,"preApprovalTriggerDetails":null"#,
        #""accessRequestPhases":[{"started":"2026-01-02T03:04:05Z","finished":null,"name":"APPROVAL_PHASE","#
            + #""state":"EXECUTING","result":null,"phaseReference":"approvalDetails"}]"#,
        #""description":"Base access","startDate":null,"removeDate":null,"cancelable":\#(cancelable)"#,
        #""accessRequestId":\#(string(accessRequestID))"#, #""clientMetadata":{"app":"ui"}"#,
        #""requestedAccounts":null,"privilegeLevel":null"#,
    ]
    if let state { fields.append(#""state":"\#(state)""#) }
    if let created { fields.append(#""created":"\#(created)""#) }
    if let approvalIDs {
        fields.append(#""approvalIds":[\#(approvalIDs.map { #""\#($0)""# }.joined(separator: ","))]"#)
    }
    return "{" + fields.joined(separator: ",") + "}"
}

/// `count` distinct pending items: ids `item-00000…`, identity requests `request-00000…`.
func makePendingItems(_ count: Int) -> [String] {
    (0..<count).map { index in
        let number = String(format: "%05d", index)
        return requestedItemJSON(
            id: "item-\(number)", accessRequestID: "request-\(number)", accountActivityItemID: "activity-\(number)",
            name: "Access \(number)", approvalIDs: ["approval-\(number)"])
    }
}

/// `2026-01-02T03:04:05.123Z`, the default `created` of ``requestedItemJSON``.
let defaultCreated = Date(timeIntervalSince1970: 1_767_323_045.123)
