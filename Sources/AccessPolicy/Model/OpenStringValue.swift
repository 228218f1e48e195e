/// A wire string with a few well-known values that must still carry unknown ones (``AccessType``,
/// ``CommonAccessStatus``): ISC documents these fields as free strings, and listing must not fail on a value we
/// have not seen. Encodes as the bare string.
public protocol OpenStringValue: RawRepresentable<String>, Sendable, Hashable, Comparable, Codable,
    CustomStringConvertible
{
    init(rawValue: String)
}

extension OpenStringValue {
    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        self.init(rawValue: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}
