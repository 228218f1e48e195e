/// The test side's own reading of the wire format, written from the API reference (not from the
/// sandbox's types), so a field-name mistake in either shows up as a decoding failure.

struct TokenReply: Decodable {
    var access_token: String
    var token_type: String
    var expires_in: Int
    var scope: String?
}

struct AccessShape: Decodable, Equatable {
    var id: String
    var type: String
    var name: String
    var description: String?
    var ownerName: String
    var ownerId: String
}

/// `CommonAccessResponse`: `createdByUser` is a boolean.
struct ListedItem: Decodable, Equatable {
    var id: String
    var access: AccessShape
    var status: String
    var commonAccessType: String
    var lastUpdated: String
    var reviewedByUser: Bool
    var lastReviewed: String?
    var createdByUser: Bool
}

/// `CommonAccessItemResponse`: `createdByUser` is a string.
struct CreatedItem: Decodable {
    var id: String
    var access: AccessShape
    var status: String
    var lastUpdated: String
    var reviewedByUser: Bool
    var lastReviewed: String?
    var createdByUser: String
}

struct ErrorBody: Decodable {
    struct Message: Decodable {
        var locale: String?
        var localeOrigin: String?
        var text: String
    }

    var detailCode: String
    var trackingId: String
    var messages: [Message]
    var causes: [Message]

    var text: String { messages.first?.text ?? "" }
}

struct UnauthorizedBody: Decodable {
    var error: String
}

struct Reference: Decodable {
    var type: String?
    var id: String
    var name: String
}

struct RoleShape: Decodable {
    var id: String
    var name: String
    var description: String?
    var owner: Reference
    var enabled: Bool
    var requestable: Bool
    var created: String
    var modified: String
    var accessProfiles: [Reference]
    var entitlements: [Reference]
    var dimensional: Bool?
}

struct AccessProfileShape: Decodable {
    var id: String
    var name: String
    var description: String?
    var owner: Reference
    var source: Reference
    var enabled: Bool
    var requestable: Bool
    var created: String
    var modified: String
}

/// `RequestedItemStatus` / `AccessRequestAdminItemStatus`, the fields the access-request tests read.
struct RequestedItemShape: Decodable, Equatable {
    struct Identity: Decodable, Equatable {
        var type: String
        var id: String
        var name: String
    }

    /// `ApprovalStatusDto`; `approvalId` only under v3 and beta.
    struct ApprovalDetail: Decodable, Equatable {
        var approvalId: String?
        var forwarded: Bool
        var originalOwner: Identity
        var currentOwner: Identity?
        var modified: String?
        var status: String
        var scheme: String
        var comment: String?
    }

    struct Comment: Decodable, Equatable {
        var comment: String?
        var created: String
        var author: Identity
    }

    struct Cancelled: Decodable, Equatable {
        var comment: String
        var owner: Identity
        var modified: String
    }

    struct Message: Decodable, Equatable {
        var locale: String?
        var localeOrigin: String?
        var text: String
    }

    var id: String?
    var name: String?
    var type: String?
    var cancelledRequestDetails: Cancelled?
    var errorMessages: [[Message]]?
    var state: String
    var approvalDetails: [ApprovalDetail]
    var approvalIds: [String]?
    var accountActivityItemId: String
    var requestType: String?
    var modified: String?
    var created: String
    var requester: Identity
    var requestedFor: Identity
    var requesterComment: Comment?
    var description: String?
    var cancelable: Bool
    var accessRequestId: String
    var reauthorizationRequired: Bool?
}
