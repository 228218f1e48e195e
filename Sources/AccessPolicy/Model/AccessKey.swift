/// The identity of a common-access item as policy sees it: the access it points at, not the item id.
///
/// Item ids are assigned by the tenant when an item is created, so policy cannot know them; the pair
/// (type, access id) is what stays the same across tenants, exports and re-creations.
public struct AccessKey: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var type: AccessType
    public var id: String

    public init(type: AccessType, id: String) {
        self.type = type
        self.id = id
    }

    public var description: String { "\(type.rawValue) \(id)" }

    /// ISC's shape for role and access-profile ids: 32 lower-case hexadecimal digits
    /// (`2c9180835d2e5168015d32f890ca1581`). Policy ids are checked against it before anything is sent.
    public static func isWellFormedID(_ id: String) -> Bool {
        id.utf8.count == 32 && id.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    /// Hashes the id only: ids are unique across types in practice, and hashing one string instead of two
    /// matters when a plan indexes 100,000 items. Equality still compares both.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(id)
    }

    public static func < (a: Self, b: Self) -> Bool { (a.type.rawValue, a.id) < (b.type.rawValue, b.id) }
}
