import AccessPolicy
import Testing

@Suite("Guards")
struct GuardCheckTests {
    func plan(denials: Int, confirms: Int, live: Int) -> Plan {
        let denied = (0..<denials).map {
            Change(
                action: .update, key: AccessKey(type: .role, id: "d\($0)"), name: "Denied \($0)", itemID: "i\($0)",
                from: .confirmed, to: .denied)
        }
        let confirmed = (0..<confirms).map {
            Change(action: .create, key: AccessKey(type: .accessProfile, id: "c\($0)"), to: .confirmed)
        }
        let changes = denied + confirmed
        var summary = Plan.Summary()
        summary.update = denials
        summary.create = confirms
        summary.denied = denials
        summary.liveDenied = denials
        return Plan(
            tenant: "t", apiVersion: .v2025, unmanagedMode: .ignore, changes: changes, unmanaged: [],
            summary: summary, liveCount: live)
    }

    @Test("a plan within every guard has no breach")
    func within() {
        let breaches = GuardCheck.evaluate(
            plan(denials: 2, confirms: 3, live: 100), guards: Guards(maxChanges: 5, maxDenied: 2, maxDeniedPercent: 2))
        #expect(breaches.isEmpty)
    }

    @Test("each limit reports its own breach with numbers")
    func breaches() {
        let breaches = GuardCheck.evaluate(
            plan(denials: 3, confirms: 3, live: 20), guards: Guards(maxChanges: 5, maxDenied: 2, maxDeniedPercent: 10))
        #expect(breaches.map(\.guardName) == ["maxChanges", "maxDenied", "maxDeniedPercent"])
        #expect(
            breaches.map(\.message) == [
                "6 changes, over maxChanges 5",
                "3 live items to DENIED, over maxDenied 2",
                "3 of 20 live items to DENIED (15%), over maxDeniedPercent 10%",
            ])
        #expect(breaches.allSatisfy { !$0.isOverridden })
    }

    @Test("new items created as DENIED are not denials; updates to DENIED of live items are")
    func createsAreNotDenials() {
        let diff = Diff.compute(
            desired: [entry(.role, "r1", .denied), entry(.role, "r2", .denied), entry(.role, "r3", .denied)],
            live: [live("i1", .role, "r1", .confirmed)], unmanaged: .ignore)
        #expect(diff.summary.denied == 3)
        #expect(diff.summary.liveDenied == 1)
        let plan = Plan(
            tenant: "t", apiVersion: .v2025, unmanagedMode: .ignore, changes: diff.changes, unmanaged: [],
            summary: diff.summary, liveCount: 1)
        #expect(GuardCheck.evaluate(plan, guards: Guards(maxDenied: 1)).isEmpty)
        #expect(GuardCheck.evaluate(plan, guards: Guards(maxDenied: 0)).map(\.guardName) == ["maxDenied"])
    }

    @Test("by default, denying a large share of the tenant stops; a first adoption of creates does not")
    func defaults() {
        // unmanaged: deny on a tenant where a quarter of 1,000 items is unmanaged.
        let breaches = GuardCheck.evaluate(plan(denials: 250, confirms: 0, live: 1000), guards: .defaults)
        #expect(breaches.map(\.guardName) == ["maxDenied", "maxDeniedPercent"])
        // 12 % of a small tenant: over the percentage, under the count.
        #expect(
            GuardCheck.evaluate(plan(denials: 3, confirms: 0, live: 25), guards: .defaults).map(\.guardName) == [
                "maxDeniedPercent"
            ])
        // Adopting the tool: hundreds of creates, a few flips.
        #expect(GuardCheck.evaluate(plan(denials: 2, confirms: 400, live: 1000), guards: .defaults).isEmpty)
    }

    @Test("protected items match by the keys the plan found for them, only when set to DENIED")
    func protectedItems() {
        var plan = plan(denials: 3, confirms: 1, live: 50)
        plan.protectedKeys = [
            AccessKey(type: .role, id: "d0"), AccessKey(type: .role, id: "d2"),
            AccessKey(type: .accessProfile, id: "c0"),
        ]
        let breaches = GuardCheck.evaluate(plan, guards: Guards())
        #expect(breaches.count == 1)
        #expect(breaches[0].guardName == "protected")
        #expect(breaches[0].items == [AccessKey(type: .role, id: "d0"), AccessKey(type: .role, id: "d2")])
    }

    @Test("overrides record their reason; protected cannot be overridden")
    func overrides() {
        var protectedPlan = plan(denials: 3, confirms: 0, live: 10)
        protectedPlan.protectedKeys = [AccessKey(type: .role, id: "d1")]
        let breaches = GuardCheck.evaluate(
            protectedPlan, guards: Guards(maxDenied: 1),
            overrides: ["maxDenied": "CHG-42 approved", "protected": "nope"])
        #expect(breaches.map(\.guardName) == ["maxDenied", "protected"])
        #expect(breaches[0].overrideReason == "CHG-42 approved")
        #expect(breaches[1].overrideReason == nil)
        var blocked = plan(denials: 3, confirms: 0, live: 10)
        blocked.guardBreaches = breaches
        #expect(blocked.isBlocked)
        blocked.guardBreaches.removeLast()
        #expect(!blocked.isBlocked)
    }
}

@Suite("Drift against a base policy")
struct DriftTests {
    @Test("a change the merged policy also asks for is drift; a new one is a policy change")
    func marking() {
        let items = [live("i1", .role, "r1", .confirmed), live("i2", .role, "r2", .confirmed)]
        let base = Diff.compute(
            desired: [entry(.role, "r1", .denied), entry(.role, "r2", .confirmed)], live: items, unmanaged: .ignore)
        var head = Diff.compute(
            desired: [entry(.role, "r1", .denied), entry(.role, "r2", .denied), entry(.role, "r3", .confirmed)],
            live: items, unmanaged: .ignore)
        Diff.markDrift(&head, base: base)
        let causes = Dictionary(uniqueKeysWithValues: head.changes.map { ($0.key.id, $0.cause) })
        #expect(causes == ["r1": .drift, "r2": .policyChange, "r3": .policyChange])
        #expect(head.summary.drift == 1)
    }
}
