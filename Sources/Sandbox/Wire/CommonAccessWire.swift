/// `CommonAccessItemAccess` as ISC sends it. `description` is written as `null` when absent (nullable in
/// the spec), so clients meet the null they must handle.
struct CommonAccessItemAccessWire: Encodable {
    var id: String
    var type: String
    var name: String
    var description: String?
    var ownerName: String
    var ownerId: String

    init(_ item: TenantSnapshot.CommonAccessItem) {
        id = item.accessID
        type = item.accessType.rawValue
        name = item.name
        description = item.description
        ownerName = item.ownerName
        ownerId = item.ownerID
    }

    private enum CodingKeys: String, CodingKey {
        case id, type, name, description, ownerName, ownerId
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(type, forKey: .type)
        try container.encode(name, forKey: .name)
        try container.encode(description, forKey: .description)
        try container.encode(ownerName, forKey: .ownerName)
        try container.encode(ownerId, forKey: .ownerId)
    }
}

/// One element of `GET /common-access`: `CommonAccessResponse`, where `createdByUser` is a boolean and
/// `lastReviewed` is nullable.
struct CommonAccessResponseWire: Encodable {
    var item: TenantSnapshot.CommonAccessItem

    private enum CodingKeys: String, CodingKey {
        case id, access, status, commonAccessType, lastUpdated, reviewedByUser, lastReviewed, createdByUser
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(item.id, forKey: .id)
        try container.encode(CommonAccessItemAccessWire(item), forKey: .access)
        try container.encode(item.status.rawValue, forKey: .status)
        try container.encode(item.commonAccessType, forKey: .commonAccessType)
        try container.encode(Timestamp.string(from: item.lastUpdated), forKey: .lastUpdated)
        try container.encode(item.reviewedByUser, forKey: .reviewedByUser)
        try container.encode(item.lastReviewed.map(Timestamp.string(from:)), forKey: .lastReviewed)
        try container.encode(item.createdByUser, forKey: .createdByUser)
    }
}

/// The 202 answer to a create: `CommonAccessItemResponse`. Unlike the list element it has no
/// `commonAccessType`, and `createdByUser` is a *string* (`"true"`), an inconsistency of the spec that
/// the sandbox reproduces on purpose.
struct CommonAccessItemResponseWire: Encodable {
    var item: TenantSnapshot.CommonAccessItem

    private enum CodingKeys: String, CodingKey {
        case id, access, status, lastUpdated, reviewedByUser, lastReviewed, createdByUser
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(item.id, forKey: .id)
        try container.encode(CommonAccessItemAccessWire(item), forKey: .access)
        try container.encode(item.status.rawValue, forKey: .status)
        try container.encode(Timestamp.string(from: item.lastUpdated), forKey: .lastUpdated)
        try container.encode(item.reviewedByUser, forKey: .reviewedByUser)
        try container.encode(item.lastReviewed.map(Timestamp.string(from:)), forKey: .lastReviewed)
        try container.encode(item.createdByUser ? "true" : "false", forKey: .createdByUser)
    }
}

/// The 202 answer to `update-status`: an empty object.
struct EmptyObjectWire: Encodable {
    func encode(to encoder: any Encoder) throws {
        _ = encoder.container(keyedBy: CodingKeysNone.self)
    }

    private enum CodingKeysNone: CodingKey {}
}
