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

    /// `GET …/access-request-status`; v3 and beta are the `legacy` shapes.
    static let accessRequestStatus: [(path: String, flavor: AccessRequestFlavor)] = [
        ("/v2024/access-request-status", .yearly), ("/v2025/access-request-status", .yearly),
        ("/v2026/access-request-status", .yearly), ("/beta/access-request-status", .legacy),
        ("/v3/access-request-status", .legacy), ("/access-request-status/v1", .perService),
    ]

    /// `GET …/access-request-administration`, experimental everywhere; not in v3. Beta serves the v2024
    /// operation, so the v2025 shapes.
    static let accessRequestAdministration: [(path: String, flavor: AccessRequestFlavor)] = [
        ("/v2024/access-request-administration", .yearly), ("/v2025/access-request-administration", .yearly),
        ("/v2026/access-request-administration", .yearly), ("/beta/access-request-administration", .yearly),
        ("/access-request-administration/v1", .perService),
    ]

    /// `POST …/access-requests/close`: not in v3 (beta points at a v3 file that v3 itself does not list).
    static let closeAccessRequests = [
        "/v2024/access-requests/close", "/v2025/access-requests/close", "/v2026/access-requests/close",
        "/beta/access-requests/close", "/access-requests/v1/close",
    ]

    /// `POST …/access-requests/bulk-cancel`: not in v3 or beta.
    static let bulkCancelAccessRequests = [
        "/v2024/access-requests/bulk-cancel", "/v2025/access-requests/bulk-cancel",
        "/v2026/access-requests/bulk-cancel", "/access-requests/v1/bulk-cancel",
    ]

    /// `POST …/access-request-approvals/bulk-approve`: not in v3 or beta.
    static let bulkApproveAccessRequests = [
        "/v2024/access-request-approvals/bulk-approve", "/v2025/access-request-approvals/bulk-approve",
        "/v2026/access-request-approvals/bulk-approve", "/access-request-approvals/v1/bulk-approve",
    ]

    static let token = "/oauth/token"

    /// The route template for a request path, without asking the router (for requests dropped before
    /// routing); `nil` when no route matches.
    static func template(for path: String) -> String? {
        let normalized = "/" + path.split(separator: "/").joined(separator: "/")
        return templates.contains(normalized) ? normalized : nil
    }

    private static let templates: Set<String> = Set(
        [token] + roles + accessProfiles + commonAccess.flatMap { [$0.path, $0.updateStatusPath] }
            + accessRequestStatus.map(\.path) + accessRequestAdministration.map(\.path) + closeAccessRequests
            + bulkCancelAccessRequests + bulkApproveAccessRequests)
}
