public import YAMLTree

/// One item of a `commonAccess:` list: which access, and the status policy wants for it.
public struct PolicyEntry: Sendable, Hashable, Codable {
    public var type: AccessType
    /// The role or access-profile id. Nil until resolved when the entry names the access instead.
    public var id: String?
    public var name: String?
    public var status: CommonAccessStatus
    /// Why, in the author's words; shown in plan output.
    public var reason: String?
    /// Where the entry's mapping starts (its first key), for provenance in plans and for diagnostics.
    public var location: SourceLocation

    public init(
        type: AccessType, id: String? = nil, name: String? = nil, status: CommonAccessStatus, reason: String? = nil,
        location: SourceLocation
    ) {
        self.type = type
        self.id = id
        self.name = name
        self.status = status
        self.reason = reason
        self.location = location
    }

    /// The item's key once it has an id.
    public var key: AccessKey? { id.map { AccessKey(type: type, id: $0) } }

    /// How messages refer to the entry: by id when it has one, else by name.
    public var label: String {
        if let id { return "\(type) \(id)" + (name.map { " (\($0))" } ?? "") }
        return "\(type) \"\(name ?? "")\""
    }
}
