/// The role or access profile a common-access item is about, as the tenant describes it.
public struct AccessReference: Sendable, Hashable, Codable {
    public var type: AccessType
    public var id: String
    public var name: String?
    public var description: String?
    public var ownerID: String?
    public var ownerName: String?

    public init(
        type: AccessType, id: String, name: String? = nil, description: String? = nil,
        ownerID: String? = nil, ownerName: String? = nil
    ) {
        self.type = type
        self.id = id
        self.name = name
        self.description = description
        self.ownerID = ownerID
        self.ownerName = ownerName
    }

    public var key: AccessKey { AccessKey(type: type, id: id) }
}
