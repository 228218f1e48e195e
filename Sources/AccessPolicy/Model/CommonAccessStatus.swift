/// Whether an item is common access ("everyone has it") or explicitly not.
///
/// Like ``AccessType`` this keeps unknown wire values: ISC documents the field as a free string, and an
/// item in a state we do not know must show up in the plan as differing from policy, not crash the list.
public struct CommonAccessStatus: RawRepresentable, Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let confirmed = CommonAccessStatus(rawValue: "CONFIRMED")
    public static let denied = CommonAccessStatus(rawValue: "DENIED")
    /// The values a policy file may use, in the order error messages list them.
    public static let policyValues: [CommonAccessStatus] = [.confirmed, .denied]

    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        self.rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}
