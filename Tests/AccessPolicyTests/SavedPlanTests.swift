import Foundation
import Testing
import YAMLTree

@testable import AccessPolicy

@Suite("Saved plans")
struct SavedPlanTests {
    let items = [live("i1", .role, "r1", .confirmed), live("i2", .role, "r2", .confirmed)]
    let policy = PolicySet(entries: [], files: ["policies/a.yaml"], digest: "abc")

    func plan(tenant: String = "acme") -> Plan {
        let diff = Diff.compute(
            desired: [entry(.role, "r1", .denied), entry(.role, "r3", .confirmed)], live: items, unmanaged: .ignore)
        return Plan(
            tenant: tenant, apiVersion: .v2025, unmanagedMode: .ignore, changes: diff.changes,
            unmanaged: [], summary: diff.summary, liveCount: items.count)
    }

    func savedPlan() -> SavedPlan {
        SavedPlan(plan: plan(), policy: policy, live: items, configDigest: "cfg")
    }

    @Test("a saved plan round-trips through JSON, sealed, and agrees with the same derivation")
    func roundTrip() throws {
        let saved = savedPlan()
        let decoded = try SavedPlan.decode(saved.encoded())
        #expect(decoded == saved)
        #expect(decoded.seal.count == 64)
        #expect(decoded.toolVersion == ToolVersion.current)
        #expect(decoded.fingerprints.map(\.key.id) == ["r1", "r3"])
        #expect(decoded.fingerprints[1].state == "absent")
        #expect(decoded.differences(from: savedPlan()).isEmpty)
    }

    @Test("changes to touched items, the policy, config, tenant, API or tool version make it differ")
    func stale() {
        let saved = savedPlan()
        var flipped = items
        flipped[0].status = .denied
        let flippedPlan = Plan(
            tenant: "acme", apiVersion: .v2025, unmanagedMode: .ignore, changes: plan().changes, unmanaged: [],
            summary: plan().summary, liveCount: 2)
        #expect(
            saved.differences(from: SavedPlan(plan: flippedPlan, policy: policy, live: flipped, configDigest: "cfg"))
                == ["ROLE r1 changed in the tenant since the plan was made"])
        var untouched = items
        untouched[1].lastUpdated = "2026-11-28T10:00:00Z"
        #expect(
            saved.differences(from: SavedPlan(plan: plan(), policy: policy, live: untouched, configDigest: "cfg"))
                .isEmpty)
        var other = SavedPlan(
            plan: plan(tenant: "other"), policy: PolicySet(entries: [], files: policy.files, digest: "def"),
            live: items, configDigest: "cfg2")
        other.toolVersion = "9.9.9"
        other.apiVersion = .beta
        #expect(
            saved.differences(from: other) == [
                "the plan was made by accesspolicy \(ToolVersion.current), this is 9.9.9; plan again with the version "
                    + "that applies",
                "the plan is for tenant acme, this run is for other",
                "the plan used API v2025, this run uses beta",
                "the config changed since the plan was made (plan: none, now: none)",
                "the policy files changed since the plan was made",
                "the plan inside the file names another tenant, API version or config than its header",
            ])
    }

    @Test("a write the saved plan has and today's derivation does not, or the other way round, is named")
    func writesDiffer() throws {
        var edited = plan()
        let update = try #require(edited.changes.firstIndex { $0.action == .update })
        edited.changes[update].to = .confirmed
        let saved = SavedPlan(plan: edited, policy: policy, live: items, configDigest: "cfg")
        let problems = saved.differences(from: savedPlan())
        try #require(problems.count == 2)
        #expect(
            problems[0].hasPrefix(
                "only in the saved plan (today's policy and tenant do not ask for it): update ROLE r1"))
        #expect(problems[0].contains("CONFIRMED → CONFIRMED"))
        #expect(problems[1].hasPrefix("only in today's plan (the saved plan does not have it): update ROLE r1"))
        #expect(problems[1].contains("CONFIRMED → DENIED"))
    }

    @Test("an access request acted on that was decided, or changed its approvals, since the plan makes it differ")
    func staleRequests() throws {
        let pending = [
            request("r1", item: "VPN", daysAgo: 40, approvals: ["a1"]), request("r2", item: "X", daysAgo: 40),
            request("r3", item: "Y", daysAgo: 1),
        ]
        var withActions = plan()
        withActions.requestActions = pending.prefix(2).map { pending in
            RequestAction(
                rule: pending.approvalIDs.isEmpty ? .cancel : .autoApprove, request: pending, ageDays: 40,
                source: SourceLocation(file: "p.yaml", line: 1, column: 1))
        }
        let saved = try SavedPlan.decode(
            SavedPlan(plan: withActions, policy: policy, live: items, pending: pending, configDigest: "cfg").encoded())
        func problems(_ now: [PendingAccessRequest]) -> [String] {
            saved.differences(
                from: SavedPlan(plan: withActions, policy: policy, live: items, pending: now, configDigest: "cfg"))
        }
        #expect(problems(pending).isEmpty)
        // A request the plan does not act on may come and go.
        #expect(problems(Array(pending.prefix(2))).isEmpty)
        #expect(problems([pending[0], pending[2]]) == ["access request r2 changed since the plan was made"])
        var reassigned = pending
        reassigned[0].approvalIDs = ["a2"]
        #expect(problems(reassigned) == ["access request r1 changed since the plan was made"])
    }

    @Test("an approval's item that is no longer CONFIRMED makes the plan differ, though no change touches it")
    func staleApprovedItem() throws {
        let vpn = live("i9", .accessProfile, "a9", .confirmed, name: "VPN")
        let pending = [request("r1", item: "VPN", daysAgo: 2, approvals: ["a1"])]
        var withApproval = plan()
        withApproval.requestActions = [
            RequestAction(
                rule: .autoApprove, request: pending[0], ageDays: 2,
                source: SourceLocation(file: "p.yaml", line: 1, column: 1))
        ]
        let saved = try SavedPlan.decode(
            SavedPlan(plan: withApproval, policy: policy, live: items + [vpn], pending: pending, configDigest: "cfg")
                .encoded())
        #expect(saved.fingerprints.map(\.key.id) == ["a9", "r1", "r3"])
        var denied = vpn
        denied.status = .denied
        let now = SavedPlan(
            plan: withApproval, policy: policy, live: items + [denied], pending: pending, configDigest: "cfg")
        #expect(saved.differences(from: now) == ["ACCESS_PROFILE a9 changed in the tenant since the plan was made"])
    }

    @Test("a saved plan holds no credential-looking field")
    func noSecrets() throws {
        let text = String(decoding: try savedPlan().encoded(), as: UTF8.self)
        for word in ["secret", "token", "password", "clientId", "Authorization"] {
            #expect(!text.lowercased().contains(word.lowercased()))
        }
    }

    @Test("other, truncated, empty and edited files are refused with a clear message")
    func refusesOtherFiles() throws {
        #expect(throws: SavedPlanError.notASavedPlan) { try SavedPlan.decode(Data("{\"formatVersion\":2}".utf8)) }
        #expect(throws: SavedPlanError.unsupportedVersion(1)) {
            try SavedPlan.decode(Data("{\"kind\":\"accesspolicy-saved-plan\",\"formatVersion\":1}".utf8))
        }
        let data = try savedPlan().encoded()
        for cut in [data.count / 3, data.count / 2, data.count - 2] {
            #expect(throws: SavedPlanError.incomplete("it is not complete JSON")) {
                try SavedPlan.decode(data.prefix(cut))
            }
        }
        #expect(throws: SavedPlanError.incomplete("the file is empty")) { try SavedPlan.decode(Data()) }
        let edited = String(decoding: data, as: UTF8.self).replacingOccurrences(
            of: "\"to\" : \"DENIED\"", with: "\"to\" : \"CONFIRMED\"")
        #expect(edited != String(decoding: data, as: UTF8.self))
        #expect(throws: SavedPlanError.edited) { try SavedPlan.decode(Data(edited.utf8)) }
    }

    /// A saved plan with every field filled: changes of both kinds with causes and reasons, unmanaged items,
    /// warnings, guard breaches, access-request rules and actions, protected items, a config file.
    static func richSavedPlan() -> SavedPlan {
        let items = [
            live("i1", .role, "r1", .confirmed, name: "One"), live("i2", .role, "r2", .denied, name: "Two"),
            live("i3", .accessProfile, "a3", .confirmed, name: "VPN"),
        ]
        var flip = entry(.role, "r1", .denied, name: "One", line: 3)
        flip.reason = "not for everyone"
        var diff = Diff.compute(
            desired: [flip, entry(.accessProfile, "a4", .confirmed, name: "New", line: 7)], live: items,
            unmanaged: .report)
        Diff.markDrift(&diff, base: diff)
        var plan = Plan(
            tenant: "acme", apiVersion: .v2025, unmanagedMode: .report, changes: diff.changes,
            unmanaged: diff.unmanaged, summary: diff.summary, liveCount: items.count,
            warnings: [Diagnostic(.warning, at: SourceLocation(file: "p.yaml", line: 1, column: 1), "w", hint: "h")])
        plan.protectedKeys = [AccessKey(type: .role, id: "r2")]
        plan.configFile = "accesspolicy.yaml"
        plan.guardBreaches = [GuardBreach(guardName: "maxDenied", message: "m", items: [], overrideReason: "CHG-1")]
        let location = SourceLocation(file: "p.yaml", line: 9, column: 3)
        plan.accessRequestRules = AccessRequestRules(
            closeStale: .init(olderThan: RuleAge("30d")!, message: "closed", location: location),
            cancel: .init(olderThan: RuleAge("14d")!, comment: "cancelled", location: location),
            autoApprove: .init(comment: "approved", location: location), location: location)
        let pending = [
            request("q1", item: "VPN", daysAgo: 2, approvals: ["p1"]), request("q2", item: "Old", daysAgo: 40),
        ]
        plan.requestActions = [
            RequestAction(rule: .autoApprove, request: pending[0], ageDays: 2, source: location),
            RequestAction(rule: .cancel, request: pending[1], ageDays: 40, source: location, awaitsCommonAccess: true),
        ]
        plan.pendingRequests = 2
        return SavedPlan(
            plan: plan, policy: PolicySet(entries: [], files: ["p.yaml"], digest: "abc"), live: items,
            pending: pending, configDigest: "cfg")
    }

    /// Fields that do not decide a write: an edit of one, re-sealed, is not a difference, and apply shows and
    /// uses today's value instead. Everything else must be caught.
    static let informational: [String] = [
        "createdAt", "plan.summary.", "plan.liveCount", "plan.unmanaged.", "plan.warnings.", "plan.pendingRequests",
        "plan.guardBreaches.", "plan.changes.*.cause", "plan.requestActions.*.ageDays",
        "plan.requestActions.*.request.created",
    ]

    @Test("every field of a saved plan, edited: refused by the seal; re-sealed, refused unless it decides no write")
    func everyFieldEdited() throws {
        let saved = Self.richSavedPlan()
        let document = try JSONDecoder().decode(JSONValue.self, from: saved.encoded())
        let leaves = document.leaves()
        #expect(leaves.count > 80)
        var checked = 0
        for path in leaves where path != ["seal"] {
            let name = path.joined(separator: ".")
            let data = try JSONEncoder().encode(document.editing(at: path[...]))
            #expect(throws: SavedPlanError.self, "\(name) edited") { try SavedPlan.decode(data) }
            // Re-sealed, as someone who knows the format would: the derivation must still catch it.
            guard var resealed = try? JSONDecoder().decode(SavedPlan.self, from: data) else { continue }
            resealed.seal = resealed.computedSeal()
            // A header it no longer has (kind, format version) is refused on reading.
            guard let reloaded = try? SavedPlan.decode(resealed.encoded()) else { continue }
            let problems = reloaded.differences(from: saved)
            let generic = path.map { Int($0) != nil ? "*" : $0 }.joined(separator: ".")
            if Self.informational.contains(where: { generic == $0 || generic.hasPrefix($0) }) {
                #expect(problems.isEmpty, "\(name): \(problems)")
            } else {
                #expect(!problems.isEmpty, "\(name) edited and re-sealed was not caught")
            }
            checked += 1
        }
        #expect(checked > 60)
    }
}

/// A JSON document as a value, to walk and edit every leaf of a saved plan.
enum JSONValue: Codable, Equatable {
    case object([String: JSONValue])
    case array([JSONValue])
    case string(String)
    case number(Double)
    case bool(Bool)
    case null

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .object(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .number(let value):
            if value == value.rounded(), abs(value) < 1e15 {
                try container.encode(Int(value))
            } else {
                try container.encode(value)
            }
        case .bool(let value): try container.encode(value)
        case .null: try container.encodeNil()
        }
    }

    /// Every leaf (string, number, bool, null), by key path; array positions as numbers.
    func leaves(at path: [String] = []) -> [[String]] {
        switch self {
        case .object(let object): object.keys.sorted().flatMap { object[$0]!.leaves(at: path + [$0]) }
        case .array(let array): array.indices.flatMap { array[$0].leaves(at: path + [String($0)]) }
        default: [path]
        }
    }

    /// The document with the leaf at `path` changed: text gets a letter more, numbers one more, booleans flip.
    func editing(at path: ArraySlice<String>) -> JSONValue {
        guard let key = path.first else {
            switch self {
            case .string(let text): return .string(text + "x")
            case .number(let number): return .number(number + 1)
            case .bool(let flag): return .bool(!flag)
            default: return .string("x")
            }
        }
        switch self {
        case .object(var object):
            object[key] = object[key]!.editing(at: path.dropFirst())
            return .object(object)
        case .array(var array):
            array[Int(key)!] = array[Int(key)!].editing(at: path.dropFirst())
            return .array(array)
        default: return self
        }
    }
}
