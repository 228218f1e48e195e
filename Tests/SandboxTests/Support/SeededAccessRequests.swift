import Foundation
import HTTPTypes
import HummingbirdTesting
import Sandbox
import Testing

/// Access requests of the seed that tests name (hard-coded, as clients' tests may hard-code them too).
enum SeededRequests {
    /// "Slack Workspace Member" (CONFIRMED common access), recent, one pending manager approval.
    static let slack = (
        request: "2c9180322b22d3734da1727d3d17b0d0", item: "2c9180b8cba1a2bde14d1d50124134b5",
        approval: "2c918001c10a0304a257ee1cbe859d85"
    )
    /// "Domain Admins" (privileged, DENIED common access), two pending approvals.
    static let domainAdmins = (
        request: "2c9180d85e338ac321daa56c1961353a", item: "2c91808be6987e3e8d52b8052deada4c",
        approvals: ["2c9180b7568cf34e93090eeeb430a15e", "2c91806aeaa7500c62caadbf9b20ee09"]
    )
    /// "Office 365 E3" (CONFIRMED): the manager approved, the owner has not.
    static let office365 = (
        request: "2c9180495bcf23427a82037e60a71d0f",
        approved: "2c9180815b91947b0b7e7040c420d90a", pending: "2c9180d9d50f60f256971541cdcfd1a2"
    )
    /// "Salesforce Sales User", 95 days old, nobody acted: cancelable.
    static let oldCancelable = (request: "2c9180c302a1e2ece9e4b6f0aa246d8a", item: "2c9180f973ec386124e7adbf80829934")
    /// "SAP FI Display", 120 days old, approved, stuck in provisioning: not cancelable.
    static let oldStuck = (request: "2c9180df5c1d75c5be08aa8cd8498d77", item: "2c9180316e6c3e4d60b9d9118f9878f4")
    /// REVOKE_ACCESS of "VPN Access".
    static let revoke = (request: "2c9180e14ecddd5593c28bde7df9e673", item: "2c9180a2b635dc860d598d50aa38c4e2")
    /// "Tableau Viewer" and "Snowflake Analyst", one identity request, 62 days old, both cancelable.
    static let twoItems = "2c9180bdfa11b4495b29b348ddb7fcd4"
    /// "DevOps On-Call" (approved, stuck) and "AWS Production ReadOnly" (pending): cannot be cancelled.
    static let mixed = "2c9180008280f4e729ef7e51df29525f"
    /// Finished: REQUEST_COMPLETED, CANCELLED, REJECTED.
    static let completed = "2c91806effd6ce5313fb7c987fe6c4cf"
    static let cancelled = "2c9180857ce95d5e4fe314a0f3ab3ee0"
    static let rejected = "2c918021c8fc04fd169255e19dbf82c3"

    static let pendingCount = 21
    static let totalCount = 24
}

extension SandboxClient {
    /// Every requested item `GET path?query` lists, in one page (the seed has fewer than 250).
    func requestedItems(
        _ query: String = "", path: String = "/v2025/access-request-status", experimental: Bool = false
    ) async throws -> [RequestedItemShape] {
        let response = try await get(path + (query.isEmpty ? "" : "?" + query), experimental: experimental)
        guard response.status == .ok else { throw TestFailure("list answered \(response.status): \(response.text)") }
        return try response.decode([RequestedItemShape].self)
    }

    /// The requested item with this `id`, from the full status list.
    func requestedItem(_ id: String) async throws -> RequestedItemShape {
        guard let item = try await requestedItems().first(where: { $0.id == id }) else {
            throw TestFailure("no requested item \(id)")
        }
        return item
    }

    /// `POST path` with a JSON body built from `object`.
    func post(_ path: String, object: [String: any Sendable]) async throws -> TestResponse {
        let data = try JSONSerialization.data(withJSONObject: object)
        return try await post(path, json: String(decoding: data, as: UTF8.self), experimental: false)
    }
}

/// 32 lowercase hex digits that are no id of the seed.
func randomHexID() -> String {
    (0..<32).map { _ in String("0123456789abcdef".randomElement()!) }.joined()
}
