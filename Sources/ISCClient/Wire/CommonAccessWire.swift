import AccessPolicy

/// `CommonAccessResponse` (list) and `CommonAccessItemResponse` (create), read leniently.
///
/// Unknown fields are ignored, nullable fields may be null or absent, `status` is a free string and
/// `createdByUser` may be a boolean or a string. Whether an item is usable is decided by ``liveItem()``.
struct CommonAccessItemWire: Decodable {
    var id: String?
    var access: AccessWire?
    var status: String?
    var reviewedByUser: Bool?
    var lastUpdated: String?
    var createdByUser: Bool?

    private enum CodingKeys: String, CodingKey {
        case id, access, status, reviewedByUser, lastUpdated, createdByUser
    }

    /// An empty item, for ``CommonAccessPageReader`` to fill in.
    init() {}

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = container.lenientString(forKey: .id)
        access = container.lenient(AccessWire.self, forKey: .access)
        status = container.lenientString(forKey: .status)
        reviewedByUser = container.lenientBool(forKey: .reviewedByUser)
        lastUpdated = container.lenientString(forKey: .lastUpdated)
        createdByUser = container.lenientBool(forKey: .createdByUser)
    }

    /// The item, or why it cannot be one (no item id, no access id or type, no status).
    func liveItem() -> Result<LiveItem, MissingField> {
        guard let id, !id.isEmpty else { return .failure(MissingField(name: "id")) }
        guard let access else { return .failure(MissingField(name: "access")) }
        guard let reference = access.reference() else { return .failure(MissingField(name: "access.id/type")) }
        guard let status else { return .failure(MissingField(name: "status")) }
        return .success(
            LiveItem(
                id: id, access: reference, status: CommonAccessStatus(rawValue: status),
                reviewedByUser: reviewedByUser, lastUpdated: lastUpdated))
    }

    struct MissingField: Error {
        var name: String
    }
}

/// `CommonAccessItemAccess`.
struct AccessWire: Codable {
    var id: String?
    var type: String?
    var name: String?
    var description: String?
    var ownerName: String?
    var ownerId: String?

    /// An empty reference, for ``CommonAccessPageReader`` to fill in.
    init() {}

    init(_ reference: AccessReference) {
        id = reference.id
        type = reference.type.rawValue
        name = reference.name
        description = reference.description
        ownerName = reference.ownerName
        ownerId = reference.ownerID
    }

    private enum CodingKeys: String, CodingKey {
        case id, type, name, description, ownerName, ownerId
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = container.lenientString(forKey: .id)
        type = container.lenientString(forKey: .type)
        name = container.lenientString(forKey: .name)
        description = container.lenientString(forKey: .description)
        ownerName = container.lenientString(forKey: .ownerName)
        ownerId = container.lenientString(forKey: .ownerId)
    }

    func reference() -> AccessReference? {
        guard let id, !id.isEmpty, let type, !type.isEmpty else { return nil }
        return AccessReference(
            type: AccessType(rawValue: type), id: id, name: name, description: description, ownerID: ownerId,
            ownerName: ownerName)
    }
}

/// `CommonAccessItemRequest`: `{"access": {...}, "status": "CONFIRMED"}`; unknown values are left out.
struct CreateCommonAccessWire: Encodable {
    var access: AccessWire
    var status: String

    init(_ request: NewCommonAccess) {
        access = AccessWire(request.access)
        status = request.status.rawValue
    }
}

/// One `CommonAccessIDStatus`; the update-status body is an array of these.
struct CommonAccessIDStatusWire: Encodable {
    var confirmedIds: [String]
    var deniedIds: [String]
}
