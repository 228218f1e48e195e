/// Which generation of the ISC API to talk to; it picks the URL paths (DESIGN.md §4).
///
/// SailPoint runs the yearly versions, `beta` and the per-service `/<service>/v1` scheme side by side,
/// and tenants differ in which they allow, so this is configuration rather than a constant.
public enum APIVersion: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    case v2024, v2025, v2026, beta, v1

    public var description: String { rawValue }

    /// The path of a collection for this version: `/v2025/common-access` or `/common-access/v1`.
    ///
    /// - Parameter service: the collection's first path segment, e.g. `common-access`, `roles`.
    public func path(_ service: String, _ rest: String = "") -> String {
        switch self {
        case .v1: "/\(service)/v1\(rest)"
        default: "/\(rawValue)/\(service)\(rest)"
        }
    }
}
