import Foundation

/// A plan written by `plan --out FILE` and executed later by `apply FILE` (DESIGN.md §3 "Saved plans").
///
/// A saved plan is a record of what was reviewed, never an instruction: `apply FILE` derives the plan again from
/// today's policy, config and tenant, and writes only when that derivation equals the file in everything that
/// decides a write (see ``differences(from:)``). So a file edited by hand, truncated, made for another tenant,
/// API version, config, policy or tool version, or made before the tenant changed under the items it touches,
/// is refused before the first write. The file also carries a seal (a SHA-256 of its own content), so that a
/// careless edit is named as such. It holds no credential.
public struct SavedPlan: Sendable, Hashable, Codable {
    public static let kindValue = "accesspolicy-saved-plan"
    public static let currentFormatVersion = 2

    public var kind = SavedPlan.kindValue
    public var formatVersion = SavedPlan.currentFormatVersion
    /// The version of accesspolicy that made the plan.
    public var toolVersion: String
    /// ISO 8601, for people reading the file.
    public var createdAt: String
    public var tenant: String
    public var apiVersion: APIVersion
    /// The config file's path and SHA-256 (nil when the run used no config file).
    public var configFile: String?
    public var configDigest: String?
    public var policyDigest: String
    public var policyFiles: [String]
    /// For every item a change touches: a digest of its live state when the plan was made.
    public var fingerprints: [ItemFingerprint]
    /// For every access request an action touches: a digest of its pending state ("request|item" → digest).
    public var requestFingerprints: [String: String]
    public var plan: Plan
    /// SHA-256 of the file's content with this field empty, so that an edit by hand is named as one. Not a
    /// signature (anyone can compute it again): what protects the writes is that apply derives them again.
    public var seal = ""

    public init(
        plan: Plan, policy: PolicySet, live: [LiveItem], pending: [PendingAccessRequest] = [],
        configDigest: String? = nil, createdAt: Date = Date()
    ) {
        self.toolVersion = ToolVersion.current
        self.createdAt = ISO8601DateFormatter().string(from: createdAt)
        self.tenant = plan.tenant
        self.apiVersion = plan.apiVersion
        self.configFile = plan.configFile
        self.configDigest = configDigest
        self.policyDigest = policy.digest
        self.policyFiles = policy.files
        self.fingerprints = ItemFingerprint.of(
            Set(plan.changes.map(\.key)).union(Self.approvedItems(plan, live)), in: live)
        self.requestFingerprints = Self.requestFingerprints(plan.requestActions.map(\.request), in: pending)
        self.plan = plan
        self.seal = computedSeal()
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

    /// The seal of the content as it is now: SHA-256 over its compact, key-sorted JSON with `seal` empty.
    func computedSeal() -> String {
        var unsealed = self
        unsealed.seal = ""
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // An empty seal is never accepted by `decode`: a plan that cannot be encoded cannot be applied either.
        guard let data = try? encoder.encode(unsealed) else { return "" }
        return SHA256.hex(Array(data))
    }

    /// Reads a saved plan, refusing files that are not one, are incomplete, come from another format version,
    /// or were edited after `plan --out` wrote them.
    public static func decode(_ data: Data) throws(SavedPlanError) -> SavedPlan {
        struct Header: Decodable {
            var kind: String?
            var formatVersion: Int?
        }
        guard let header = try? JSONDecoder().decode(Header.self, from: data) else {
            throw data.isEmpty ? .incomplete("the file is empty") : .incomplete("it is not complete JSON")
        }
        guard header.kind == kindValue else { throw .notASavedPlan }
        guard header.formatVersion == currentFormatVersion else {
            throw .unsupportedVersion(header.formatVersion ?? 0)
        }
        let saved: SavedPlan
        do {
            saved = try JSONDecoder().decode(SavedPlan.self, from: data)
        } catch {
            throw .incomplete("a field is missing or has the wrong type")
        }
        guard !saved.seal.isEmpty, saved.seal == saved.computedSeal() else { throw .edited }
        return saved
    }

    /// Why this saved plan may not be applied, given `current`: the plan that `plan --out` would save now, from
    /// today's policy, config and tenant. Empty means the two agree on every write, so the file may be applied.
    ///
    /// Compared: the tool version, tenant, API version, config and policy digests, the live state of every item
    /// and access request the plan touches, and exactly the writes — every common-access change (action, item,
    /// status from and to, name sent, entry and reason) and every access-request action, the access-request
    /// rules (their comments and messages are sent), the protected items and the unmanaged mode. Not compared,
    /// because they do not decide a write and drift with unrelated tenant changes: the time it was made, counts
    /// of unchanged and unmanaged items, the unmanaged list, warnings, request ages and creation times, and drift
    /// markers; apply shows today's values of those.
    public func differences(from current: SavedPlan) -> [String] {
        var problems: [String] = []
        if toolVersion != current.toolVersion {
            problems.append(
                "the plan was made by accesspolicy \(toolVersion), this is \(current.toolVersion); plan again with "
                    + "the version that applies")
        }
        if tenant != current.tenant {
            problems.append("the plan is for tenant \(tenant), this run is for \(current.tenant)")
        }
        if apiVersion != current.apiVersion {
            problems.append("the plan used API \(apiVersion), this run uses \(current.apiVersion)")
        }
        if configFile != current.configFile || configDigest != current.configDigest {
            problems.append(
                "the config changed since the plan was made (plan: \(configFile ?? "none"), now: "
                    + "\(current.configFile ?? "none"))")
        }
        if policyDigest != current.policyDigest || policyFiles != current.policyFiles {
            problems.append("the policy files changed since the plan was made")
        }
        problems += Self.stateChanges(fingerprints, current.fingerprints)
        for (request, state) in requestFingerprints.sorted(by: { $0.key < $1.key })
        where current.requestFingerprints[request] != state {
            let id = request.split(separator: "|").first.map(String.init) ?? request
            problems.append("access request \(id) changed since the plan was made")
        }
        problems += Self.writeDifferences(plan, current.plan)
        return problems
    }

    /// Items whose live state differs between the two plans' fingerprints.
    private static func stateChanges(_ saved: [ItemFingerprint], _ now: [ItemFingerprint]) -> [String] {
        let nowByKey = Dictionary(now.map { ($0.key, $0.state) }) { first, _ in first }
        let savedKeys = Set(saved.map(\.key))
        var problems = saved.filter { nowByKey[$0.key] != $0.state }.map {
            "\($0.key) changed in the tenant since the plan was made"
        }
        problems += now.filter { !savedKeys.contains($0.key) }.map {
            "\($0.key) is touched by today's plan but not by the saved one"
        }
        return problems
    }

    /// The writes one plan makes and the other does not, in words, at most ten of each kind.
    private static func writeDifferences(_ saved: Plan, _ now: Plan) -> [String] {
        var problems: [String] = []
        if saved.tenant != now.tenant || saved.apiVersion != now.apiVersion || saved.configFile != now.configFile {
            problems.append("the plan inside the file names another tenant, API version or config than its header")
        }
        if saved.unmanagedMode != now.unmanagedMode {
            problems.append("the plan used unmanaged: \(saved.unmanagedMode), this run uses \(now.unmanagedMode)")
        }
        if saved.accessRequestRules != now.accessRequestRules {
            problems.append("the access-request rules (comments, messages, ages) differ from today's policy")
        }
        if Set(saved.protectedKeys) != Set(now.protectedKeys) {
            problems.append("the protected items differ from the ones found in the tenant today")
        }
        let savedChanges = Set(saved.changes.map(Self.write))
        let nowChanges = Set(now.changes.map(Self.write))
        problems += listed(
            savedChanges.subtracting(nowChanges).map(\.summary),
            "only in the saved plan (today's policy and "
                + "tenant do not ask for it)")
        problems += listed(
            nowChanges.subtracting(savedChanges).map(\.summary),
            "only in today's plan (the saved plan does not "
                + "have it)")
        let savedActions = Set(saved.requestActions.map(Self.write))
        let nowActions = Set(now.requestActions.map(Self.write))
        problems += listed(savedActions.subtracting(nowActions).map(Self.summary), "only in the saved plan")
        problems += listed(nowActions.subtracting(savedActions).map(Self.summary), "only in today's plan")
        return problems
    }

    private static func listed(_ lines: [String], _ heading: String) -> [String] {
        let sorted = lines.sorted()
        var result = sorted.prefix(10).map { "\(heading): \($0)" }
        if sorted.count > 10 { result.append("\(heading): and \(sorted.count - 10) more") }
        return result
    }

    /// A change as far as it decides a write: everything but the drift marker.
    private static func write(_ change: Change) -> Change {
        var change = change
        change.cause = nil
        return change
    }

    /// An access-request action as far as it decides a write: everything but its age (days, and the creation
    /// time it is counted from). Whether a request is old enough to act on shows as the action being there.
    private static func write(_ action: RequestAction) -> RequestAction {
        var action = action
        action.ageDays = 0
        action.request.created = Date(timeIntervalSince1970: 0)
        return action
    }

    private static func summary(_ action: RequestAction) -> String {
        "\(action.rule.verb) \(action.itemDescription) in request \(action.request.requestID)"
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

/// Why a file cannot be taken as a saved plan at all; `apply` refuses it before reading the tenant.
public enum SavedPlanError: Error, Equatable, CustomStringConvertible {
    case notASavedPlan
    case unsupportedVersion(Int)
    case incomplete(String)
    case edited

    public var description: String {
        switch self {
        case .notASavedPlan: "not a saved plan (write one with `accesspolicy plan --out FILE`)"
        case .unsupportedVersion(let version):
            "saved plan format \(version) is not supported by this version (\(SavedPlan.currentFormatVersion)); "
                + "plan again"
        case .incomplete(let why): "the saved plan is incomplete or damaged: \(why)"
        case .edited:
            "the saved plan was changed after `accesspolicy plan --out` wrote it (its seal does not match its content)"
        }
    }
}
