/// A role or access profile found in the tenant's catalog (`GET /roles`, `GET /access-profiles`).
///
/// Used to resolve policy entries that name access instead of giving its id.
public struct CatalogItem: Sendable, Hashable, Codable {
    public var type: AccessType
    public var id: String
    public var name: String
    public var description: String?
    public var ownerID: String?
    public var ownerName: String?

    public init(
        type: AccessType, id: String, name: String, description: String? = nil, ownerID: String? = nil,
        ownerName: String? = nil
    ) {
        self.type = type
        self.id = id
        self.name = name
        self.description = description
        self.ownerID = ownerID
        self.ownerName = ownerName
    }

    public var reference: AccessReference {
        AccessReference(
            type: type, id: id, name: name, description: description, ownerID: ownerID, ownerName: ownerName)
    }
}
