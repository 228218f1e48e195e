/// `OwnerReference`: `{type: "IDENTITY", id, name}`.
struct OwnerReferenceWire: Encodable {
    var type = "IDENTITY"
    var id: String
    var name: String

    init(_ owner: TenantSnapshot.Owner) {
        id = owner.id
        name = owner.name
    }
}

/// A typed reference such as `AccessProfileRef` (`{id, type: "ACCESS_PROFILE", name}`).
struct TypedReferenceWire: Encodable {
    var id: String
    var type: String
    var name: String
}

/// An empty JSON array for the list-valued fields the sandbox does not model (entitlements, segments, …).
private struct NoElements: Encodable {
    func encode(to encoder: any Encoder) throws {
        _ = encoder.unkeyedContainer()
    }
}

/// `Role` as `GET /roles` lists it: the fields name resolution needs, the rest empty or null as a role
/// without those features has them.
struct RoleWire: Encodable {
    var role: TenantSnapshot.Role
    /// Names of the access profiles the role references, by id.
    var accessProfileNames: [String: String]

    private enum CodingKeys: String, CodingKey {
        case id, name, created, modified, description, owner, additionalOwners, accessProfiles, entitlements
        case membership, legacyMembershipInfo, enabled, requestable, accessRequestConfig, revocationRequestConfig
        case segments, dimensional, dimensionRefs, privilegeLevel
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(role.id, forKey: .id)
        try container.encode(role.name, forKey: .name)
        try container.encode(Timestamp.string(from: role.created), forKey: .created)
        try container.encode(Timestamp.string(from: role.modified), forKey: .modified)
        try container.encode(role.description, forKey: .description)
        try container.encode(OwnerReferenceWire(role.owner), forKey: .owner)
        try container.encode(NoElements(), forKey: .additionalOwners)
        let references = role.accessProfileIDs.map {
            TypedReferenceWire(id: $0, type: "ACCESS_PROFILE", name: accessProfileNames[$0] ?? "")
        }
        try container.encode(references, forKey: .accessProfiles)
        try container.encode(NoElements(), forKey: .entitlements)
        try container.encodeNil(forKey: .membership)
        try container.encodeNil(forKey: .legacyMembershipInfo)
        try container.encode(role.enabled, forKey: .enabled)
        try container.encode(role.requestable, forKey: .requestable)
        try container.encodeNil(forKey: .accessRequestConfig)
        try container.encodeNil(forKey: .revocationRequestConfig)
        try container.encode(NoElements(), forKey: .segments)
        try container.encode(role.dimensional, forKey: .dimensional)
        try container.encode(NoElements(), forKey: .dimensionRefs)
        try container.encodeNil(forKey: .privilegeLevel)
    }
}

/// `AccessProfile` as `GET /access-profiles` lists it.
struct AccessProfileWire: Encodable {
    var profile: TenantSnapshot.AccessProfile

    private struct SourceWire: Encodable {
        var id: String
        var type = "SOURCE"
        var name: String
    }

    private enum CodingKeys: String, CodingKey {
        case id, name, description, created, modified, enabled, owner, source, entitlements, requestable
        case accessRequestConfig, revocationRequestConfig, segments, provisioningCriteria, additionalOwners
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(profile.id, forKey: .id)
        try container.encode(profile.name, forKey: .name)
        try container.encode(profile.description, forKey: .description)
        try container.encode(Timestamp.string(from: profile.created), forKey: .created)
        try container.encode(Timestamp.string(from: profile.modified), forKey: .modified)
        try container.encode(profile.enabled, forKey: .enabled)
        try container.encode(OwnerReferenceWire(profile.owner), forKey: .owner)
        try container.encode(SourceWire(id: profile.source.id, name: profile.source.name), forKey: .source)
        try container.encode(NoElements(), forKey: .entitlements)
        try container.encode(profile.requestable, forKey: .requestable)
        try container.encodeNil(forKey: .accessRequestConfig)
        try container.encodeNil(forKey: .revocationRequestConfig)
        try container.encode(NoElements(), forKey: .segments)
        try container.encodeNil(forKey: .provisioningCriteria)
        try container.encode(NoElements(), forKey: .additionalOwners)
    }
}
