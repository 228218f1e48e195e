/// Where each operation lives in every API version the sandbox serves (isc-api-facts.md §2).
enum APIPaths {
    struct CommonAccess: Sendable {
        /// The collection path; `update-status` is below it.
        var path: String
        /// Whether `X-SailPoint-Experimental: true` is required.
        var experimental: Bool

        var updateStatusPath: String { path + "/update-status" }
    }

    static let commonAccess: [CommonAccess] = [
        CommonAccess(path: "/v2024/common-access", experimental: true),
        CommonAccess(path: "/v2025/common-access", experimental: true),
        CommonAccess(path: "/v2026/common-access", experimental: true),
        CommonAccess(path: "/beta/common-access", experimental: false),
        CommonAccess(path: "/common-access/v1", experimental: true),
    ]

    static let roles = ["/v2024/roles", "/v2025/roles", "/v2026/roles", "/beta/roles", "/v3/roles", "/roles/v1"]

    static let accessProfiles = [
        "/v2024/access-profiles", "/v2025/access-profiles", "/v2026/access-profiles", "/beta/access-profiles",
        "/v3/access-profiles", "/access-profiles/v1",
    ]

    static let token = "/oauth/token"

    /// The route template for a request path, without asking the router (for requests dropped before
    /// routing); `nil` when no route matches.
    static func template(for path: String) -> String? {
        let normalized = "/" + path.split(separator: "/").joined(separator: "/")
        return templates.contains(normalized) ? normalized : nil
    }

    private static let templates: Set<String> = Set(
        [token] + roles + accessProfiles + commonAccess.flatMap { [$0.path, $0.updateStatusPath] })
}
