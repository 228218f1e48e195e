/// Whether an item is common access ("everyone has it") or explicitly not.
///
/// Open like ``AccessType``: ISC documents the field as a free string, and an item in a state we do not know must
/// show up in the plan as differing from policy, not crash the list.
public struct CommonAccessStatus: OpenStringValue {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let confirmed = CommonAccessStatus(rawValue: "CONFIRMED")
    public static let denied = CommonAccessStatus(rawValue: "DENIED")
    /// The values a policy file may use, in the order error messages list them.
    public static let policyValues: [CommonAccessStatus] = [.confirmed, .denied]
}
