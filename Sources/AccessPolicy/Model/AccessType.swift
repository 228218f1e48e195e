/// What kind of access a common-access item points at.
///
/// Open rather than a closed enum: the tenant may one day answer with a type we do not know, and listing must
/// not fail because of it. Policy files accept only the two known values.
public struct AccessType: OpenStringValue {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let role = AccessType(rawValue: "ROLE")
    public static let accessProfile = AccessType(rawValue: "ACCESS_PROFILE")
    /// The values a policy file may use, in the order error messages list them.
    public static let policyValues: [AccessType] = [.role, .accessProfile]
}

extension AccessType {
    /// How messages name the kind: "role", "access profile".
    public var noun: String {
        switch self {
        case .role: "role"
        case .accessProfile: "access profile"
        default: rawValue
        }
    }

    /// "a role", "an access profile".
    public var nounWithArticle: String {
        self == .accessProfile ? "an \(noun)" : "a \(noun)"
    }
}
