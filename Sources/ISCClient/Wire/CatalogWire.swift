import AccessPolicy

/// The fields of `Role` and `AccessProfile` that name resolution needs; everything else is ignored.
struct CatalogItemWire: Decodable {
    var id: String?
    var name: String?
    var description: String?
    var owner: OwnerWire?

    private enum CodingKeys: String, CodingKey {
        case id, name, description, owner
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = container.lenientString(forKey: .id)
        name = container.lenientString(forKey: .name)
        description = container.lenientString(forKey: .description)
        owner = container.lenient(OwnerWire.self, forKey: .owner)
    }

    func catalogItem(type: AccessType) -> CatalogItem? {
        guard let id, !id.isEmpty, let name else { return nil }
        return CatalogItem(
            type: type, id: id, name: name, description: description, ownerID: owner?.id, ownerName: owner?.name)
    }
}

/// `OwnerReference` (nullable in v2024/v2025).
struct OwnerWire: Decodable {
    var id: String?
    var name: String?

    private enum CodingKeys: String, CodingKey {
        case id, name
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = container.lenientString(forKey: .id)
        name = container.lenientString(forKey: .name)
    }
}
