import Foundation

/// A plan written by `plan --out FILE` and executed later by `apply FILE` (DESIGN.md §3 "Saved plans").
///
/// It records what the plan was made from — the policy digest, the tenant and API version, and a
/// fingerprint of the live state of every item it touches — so apply can refuse a stale plan instead of
/// writing changes that were reviewed against a tenant that no longer exists. It holds no credential.
public struct SavedPlan: Sendable, Hashable, Codable {
    public static let kindValue = "accesspolicy-saved-plan"
    public static let currentFormatVersion = 1

    public var kind = SavedPlan.kindValue
    public var formatVersion = SavedPlan.currentFormatVersion
    /// ISO 8601, for people reading the file.
    public var createdAt: String
    public var tenant: String
    public var apiVersion: APIVersion
    public var policyDigest: String
    public var policyFiles: [String]
    /// For every item a change touches: a digest of its live state when the plan was made.
    public var fingerprints: [ItemFingerprint]
    /// For every access request an action touches: a digest of its pending state ("request|item" → digest).
    public var requestFingerprints: [String: String]
    public var plan: Plan

    public init(
        plan: Plan, policy: PolicySet, live: [LiveItem], pending: [PendingAccessRequest] = [],
        createdAt: Date = Date()
    ) {
        self.createdAt = ISO8601DateFormatter().string(from: createdAt)
        self.tenant = plan.tenant
        self.apiVersion = plan.apiVersion
        self.policyDigest = policy.digest
        self.policyFiles = policy.files
        self.fingerprints = ItemFingerprint.of(
            Set(plan.changes.map(\.key)).union(Self.approvedItems(plan, live)), in: live)
        self.requestFingerprints = Self.requestFingerprints(plan.requestActions.map(\.request), in: pending)
        self.plan = plan
    }

    /// The live items an approval relies on being CONFIRMED (same type and name): if one of them changes before
    /// `apply FILE`, the plan is stale.
    static func approvedItems(_ plan: Plan, _ live: [LiveItem]) -> Set<AccessKey> {
        let names = Set(
            plan.requestActions.filter { $0.rule == .autoApprove }.compactMap {
                AccessRequestPlanner.ItemName($0.request)
            })
        guard !names.isEmpty else { return [] }
        return Set(live.filter { AccessRequestPlanner.ItemName($0).map(names.contains) ?? false }.map(\.key))
    }

    /// The pending state of each request in `requests` as `pending` shows it; "absent" once it is not pending.
    static func requestFingerprints(_ requests: [PendingAccessRequest], in pending: [PendingAccessRequest])
        -> [String: String]
    {
        let now = PendingAccessRequest.byItemKey(pending)
        return Dictionary(
            requests.map { request in
                let key = "\(request.requestID)|\(request.itemKey)"
                guard let current = now[request.itemKey] else { return (key, "absent") }
                let state = "\(current.approvalIDs.sorted().joined(separator: ","))|\(current.cancelable)"
                return (key, SHA256.hex(state.utf8))
            }
        ) { first, _ in first }
    }

    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// Reads a saved plan, refusing files that are not one or come from an incompatible version.
    public static func decode(_ data: Data) throws -> SavedPlan {
        struct Header: Decodable {
            var kind: String?
            var formatVersion: Int?
        }
        let header = try? JSONDecoder().decode(Header.self, from: data)
        guard header?.kind == kindValue else { throw SavedPlanError.notASavedPlan }
        guard header?.formatVersion == currentFormatVersion else {
            throw SavedPlanError.unsupportedVersion(header?.formatVersion ?? 0)
        }
        return try JSONDecoder().decode(SavedPlan.self, from: data)
    }

    /// Why a saved plan may not be applied as it is. Empty means it is still current.
    public func staleness(
        policy: PolicySet, tenant: String, apiVersion: APIVersion, live: [LiveItem],
        pending: [PendingAccessRequest] = []
    ) -> [String] {
        var problems: [String] = []
        if tenant != self.tenant { problems.append("the plan is for tenant \(self.tenant), this run is for \(tenant)") }
        if apiVersion != self.apiVersion {
            problems.append("the plan used API \(self.apiVersion), this run uses \(apiVersion)")
        }
        if policy.digest != policyDigest {
            problems.append("the policy files changed since the plan was made")
        }
        let now = Dictionary(
            uniqueKeysWithValues: ItemFingerprint.of(Set(fingerprints.map(\.key)), in: live).map { ($0.key, $0.state) })
        for fingerprint in fingerprints where now[fingerprint.key] != fingerprint.state {
            problems.append("\(fingerprint.key) changed in the tenant since the plan was made")
        }
        let requestsNow = Self.requestFingerprints(plan.requestActions.map(\.request), in: pending)
        for (request, state) in requestFingerprints.sorted(by: { $0.key < $1.key }) where requestsNow[request] != state
        {
            let id = request.split(separator: "|").first.map(String.init) ?? request
            problems.append("access request \(id) changed since the plan was made")
        }
        return problems
    }
}

/// The live state of one access key at plan time: "absent", or a digest of its items' ids, statuses and
/// last-update times.
public struct ItemFingerprint: Sendable, Hashable, Codable {
    public var key: AccessKey
    public var state: String

    static func of(_ keys: Set<AccessKey>, in live: [LiveItem]) -> [ItemFingerprint] {
        var byKey: [AccessKey: [LiveItem]] = [:]
        for item in live where keys.contains(item.key) { byKey[item.key, default: []].append(item) }
        return keys.sorted().map { key in
            guard let items = byKey[key], !items.isEmpty else { return ItemFingerprint(key: key, state: "absent") }
            let text = items.sorted { $0.id < $1.id }.map {
                "\($0.id)|\($0.status)|\($0.lastUpdated ?? "")|\($0.reviewedByUser.map(String.init) ?? "")"
            }.joined(separator: "\n")
            return ItemFingerprint(key: key, state: SHA256.hex(text.utf8))
        }
    }
}

public enum SavedPlanError: Error, Equatable, CustomStringConvertible {
    case notASavedPlan
    case unsupportedVersion(Int)

    public var description: String {
        switch self {
        case .notASavedPlan: "not a saved plan (write one with `accesspolicy plan --out FILE`)"
        case .unsupportedVersion(let version):
            "saved plan format \(version) is not supported by this version (\(SavedPlan.currentFormatVersion))"
        }
    }
}
