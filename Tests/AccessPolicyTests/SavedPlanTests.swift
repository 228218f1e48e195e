import AccessPolicy
import Foundation
import Testing
import YAMLTree

@Suite("Saved plans")
struct SavedPlanTests {
    let items = [live("i1", .role, "r1", .confirmed), live("i2", .role, "r2", .confirmed)]
    let policy = PolicySet(entries: [], files: ["policies/a.yaml"], digest: "abc")

    func savedPlan() -> SavedPlan {
        let diff = Diff.compute(
            desired: [entry(.role, "r1", .denied), entry(.role, "r3", .confirmed)], live: items, unmanaged: .ignore)
        let plan = Plan(
            tenant: "acme", apiVersion: .v2025, unmanagedMode: .ignore, changes: diff.changes,
            unmanaged: [], summary: diff.summary, liveCount: items.count)
        return SavedPlan(plan: plan, policy: policy, live: items)
    }

    @Test("a saved plan round-trips through JSON and is current against the same tenant")
    func roundTrip() throws {
        let saved = savedPlan()
        let decoded = try SavedPlan.decode(saved.encoded())
        #expect(decoded == saved)
        #expect(decoded.fingerprints.map(\.key.id) == ["r1", "r3"])
        #expect(decoded.fingerprints[1].state == "absent")
        #expect(decoded.staleness(policy: policy, tenant: "acme", apiVersion: .v2025, live: items).isEmpty)
    }

    @Test("changes to touched items, the policy, the tenant or the API version make it stale")
    func stale() {
        let saved = savedPlan()
        var flipped = items
        flipped[0].status = .denied
        #expect(
            saved.staleness(policy: policy, tenant: "acme", apiVersion: .v2025, live: flipped)
                == ["ROLE r1 changed in the tenant since the plan was made"])
        let created = items + [live("i3", .role, "r3", .confirmed)]
        #expect(
            saved.staleness(policy: policy, tenant: "acme", apiVersion: .v2025, live: created)
                == ["ROLE r3 changed in the tenant since the plan was made"])
        var untouched = items
        untouched[1].lastUpdated = "2026-11-28T10:00:00Z"
        #expect(saved.staleness(policy: policy, tenant: "acme", apiVersion: .v2025, live: untouched).isEmpty)
        let edited = PolicySet(entries: [], files: policy.files, digest: "def")
        #expect(
            saved.staleness(policy: edited, tenant: "other", apiVersion: .beta, live: items) == [
                "the plan is for tenant acme, this run is for other",
                "the plan used API v2025, this run uses beta",
                "the policy files changed since the plan was made",
            ])
    }

    @Test("an access request acted on that was decided, or changed its approvals, since the plan makes it stale")
    func staleRequests() throws {
        let pending = [
            request("r1", item: "VPN", daysAgo: 40, approvals: ["a1"]), request("r2", item: "X", daysAgo: 40),
            request("r3", item: "Y", daysAgo: 1),
        ]
        var plan = savedPlan().plan
        plan.requestActions = pending.prefix(2).map { pending in
            RequestAction(
                rule: pending.approvalIDs.isEmpty ? .cancel : .autoApprove, request: pending, ageDays: 40,
                source: SourceLocation(file: "p.yaml", line: 1, column: 1))
        }
        let saved = try SavedPlan.decode(SavedPlan(plan: plan, policy: policy, live: items, pending: pending).encoded())
        func problems(_ now: [PendingAccessRequest]) -> [String] {
            saved.staleness(policy: policy, tenant: "acme", apiVersion: .v2025, live: items, pending: now)
        }
        #expect(problems(pending).isEmpty)
        // A request the plan does not act on may come and go.
        #expect(problems(Array(pending.prefix(2))).isEmpty)
        #expect(problems([pending[0], pending[2]]) == ["access request r2 changed since the plan was made"])
        var reassigned = pending
        reassigned[0].approvalIDs = ["a2"]
        #expect(problems(reassigned) == ["access request r1 changed since the plan was made"])
    }

    @Test("an approval's item that is no longer CONFIRMED makes the plan stale, though no change touches it")
    func staleApprovedItem() throws {
        let vpn = live("i9", .accessProfile, "a9", .confirmed, name: "VPN")
        let pending = [request("r1", item: "VPN", daysAgo: 2, approvals: ["a1"])]
        var plan = savedPlan().plan
        plan.requestActions = [
            RequestAction(
                rule: .autoApprove, request: pending[0], ageDays: 2,
                source: SourceLocation(file: "p.yaml", line: 1, column: 1))
        ]
        let saved = try SavedPlan.decode(
            SavedPlan(plan: plan, policy: policy, live: items + [vpn], pending: pending).encoded())
        #expect(saved.fingerprints.map(\.key.id) == ["a9", "r1", "r3"])
        var denied = vpn
        denied.status = .denied
        #expect(
            saved.staleness(
                policy: policy, tenant: "acme", apiVersion: .v2025, live: items + [denied], pending: pending)
                == ["ACCESS_PROFILE a9 changed in the tenant since the plan was made"])
    }

    @Test("a saved plan holds no credential-looking field")
    func noSecrets() throws {
        let text = String(decoding: try savedPlan().encoded(), as: UTF8.self)
        for word in ["secret", "token", "password", "clientId", "Authorization"] {
            #expect(!text.lowercased().contains(word.lowercased()))
        }
    }

    @Test("other JSON is refused with a clear message")
    func refusesOtherFiles() {
        #expect(throws: SavedPlanError.notASavedPlan) { try SavedPlan.decode(Data("{\"formatVersion\":1}".utf8)) }
        #expect(throws: SavedPlanError.unsupportedVersion(9)) {
            try SavedPlan.decode(Data("{\"kind\":\"accesspolicy-saved-plan\",\"formatVersion\":9}".utf8))
        }
    }
}
