import Foundation
import Sandbox
import Testing

@Suite("Guards and saved plans, run as CI would")
struct SafetyCommandTests {
    static let denyVPN = [
        "vpn.yaml": """
        commonAccess:
          - {type: ACCESS_PROFILE, name: VPN Access, status: DENIED}
          - {type: ACCESS_PROFILE, name: Slack Workspace Member, status: DENIED}
        """
    ]

    @Test("over a guard, plan shows the breach and apply stops before writing with exit 3")
    func guardBlocks() async throws {
        let cli = try CLIRunner(
            config: "tenant: sandbox\nguards: {maxDenied: 1, maxDeniedPercent: off}\n", policies: Self.denyVPN)
        let plan = await cli.call(["plan"])
        #expect(plan.status == 2)
        #expect(plan.stdout.contains("Guard maxDenied: 2 live items to DENIED, over maxDenied 1; apply will stop"))

        let blocked = await cli.call(["apply", "--auto-approve"])
        #expect(blocked.status == 3)
        #expect(
            blocked.stderr.contains(
                "error: blocked by guard maxDenied: 2 live items to DENIED, over maxDenied 1; nothing was written"))
        #expect(await cli.call(["plan"]).status == 2)

        let allowed = await cli.call([
            "apply", "--auto-approve", "--format", "json", "--allow-guard", "maxDenied", "--reason",
            "CHG-1234 approved",
        ])
        #expect(allowed.status == 0, "\(allowed.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(allowed.stdout.utf8)) as? [String: Any])
        let guards = try #require(json["guards"] as? [[String: Any]])
        #expect(guards.first?["name"] as? String == "maxDenied")
        #expect(guards.first?["overridden"] as? Bool == true)
        #expect(guards.first?["reason"] as? String == "CHG-1234 approved")
        #expect((json["apply"] as? [String: Any])?["converged"] as? Bool == true)
        #expect(await cli.call(["plan"]).status == 0)
    }

    @Test("maxApproved and maxClosed stop apply before any write; --allow-guard lets it act")
    func requestGuards() async throws {
        let cli = try CLIRunner(
            config: "tenant: sandbox\nguards: {maxApproved: 1, maxClosed: 0}\n",
            policies: [
                "requests.yaml": """
                commonAccess:
                  - {type: ACCESS_PROFILE, name: Slack Workspace Member, status: CONFIRMED}
                  - {type: ROLE, name: Engineering Base, status: CONFIRMED}
                accessRequests:
                  closeStale: {olderThan: 100d}
                  autoApprove: {commonAccess: CONFIRMED, comment: "Confirmed common access"}
                """
            ])
        let plan = await cli.call(["plan"])
        #expect(plan.status == 2)
        #expect(
            plan.stdout.contains(
                "Guard maxApproved: 3 requested items (in 3 access requests) to approve, over maxApproved 1"))
        #expect(
            plan.stdout.contains("Guard maxClosed: 3 requested items (in 2 access requests) to close, over maxClosed 0")
        )

        let blocked = await cli.call(["apply", "--auto-approve"])
        #expect(blocked.status == 3)
        #expect(blocked.stderr.contains("nothing was written"))
        #expect(await cli.call(["plan"]).stdout.contains("3 to approve, 0 to cancel, 3 to close"))

        let allowed = await cli.call([
            "apply", "--auto-approve", "--allow-guard", "maxApproved", "--allow-guard", "maxClosed", "--reason",
            "onboarding week",
        ])
        #expect(allowed.status == 0, "\(allowed.stderr)")
        #expect(
            allowed.stdout.contains("Guard maxApproved overridden: 3 requested items (in 3 access requests) to approve")
        )
        #expect(allowed.stdout.contains("Reason given: onboarding week"))
        #expect(allowed.stdout.contains("6 of 6 access-request actions"))
        let after = await cli.call(["plan"])
        #expect(after.status == 0, "\(after.stdout)")
    }

    @Test("--allow-guard needs a reason, and protected items cannot be overridden")
    func overrideRules() async throws {
        let cli = try CLIRunner(
            config: "tenant: sandbox\nprotected:\n  - {type: ACCESS_PROFILE, name: VPN Access}\n",
            policies: Self.denyVPN)
        let blocked = await cli.call(["apply", "--auto-approve"])
        #expect(blocked.status == 3)
        #expect(
            blocked.stderr.contains(
                "blocked by guard protected: would set protected item(s) to DENIED: ACCESS_PROFILE \"VPN Access\""))
        let noReason = await cli.call(["apply", "--auto-approve", "--allow-guard", "maxDenied"])
        #expect(noReason.status == 1)
        #expect(noReason.stderr.contains("--allow-guard needs --reason"))
        let protectedOverride = await cli.call([
            "apply", "--auto-approve", "--allow-guard", "protected", "--reason", "x",
        ])
        #expect(protectedOverride.status == 1)
        #expect(protectedOverride.stderr.contains("protected items cannot be overridden"))
    }

    @Test("a bad command line exits 1 like any error, with the usage on stderr")
    func usageErrors() async throws {
        let cli = try CLIRunner(policies: Self.denyVPN)
        for arguments in [
            ["apply", "--wait", "banana"], ["validate", "--format", "json"], ["plann"], ["export", "--out", ""],
        ] {
            let result = await cli.call(arguments)
            #expect(result.status == 1, "\(arguments)")
            #expect(result.stderr.contains("Usage: accesspolicy"), "\(arguments)")
            #expect(result.stdout.isEmpty, "\(arguments)")
        }
        #expect(try await cli.run(["--help"]).status == 0)
    }

    @Test("a saved plan applies when nothing changed, and is refused with exit 3 when the tenant changed")
    func savedPlans() async throws {
        let cli = try CLIRunner(policies: Self.denyVPN)
        try FileManager.default.createDirectory(
            at: cli.folder.appendingPathComponent("other"), withIntermediateDirectories: true)
        try Data("commonAccess:\n  - {type: ACCESS_PROFILE, name: VPN Access, status: DENIED}\n".utf8)
            .write(to: cli.folder.appendingPathComponent("other/vpn.yaml"))

        let planned = await cli.call(["plan", "--out", "plan.json"])
        #expect(planned.status == 2)
        let saved = try String(contentsOf: cli.folder.appendingPathComponent("plan.json"), encoding: .utf8)
        #expect(saved.contains("\"kind\" : \"accesspolicy-saved-plan\""))
        #expect(!saved.contains("sandbox-secret"))

        // Someone changes one of the planned items in the tenant before the saved plan is applied.
        #expect(await cli.call(["apply", "--auto-approve", "--policies", "other"]).status == 0)
        let stale = await cli.call(["apply", "plan.json", "--auto-approve"])
        #expect(stale.status == 3)
        #expect(
            stale.stderr.contains(
                "refusing to apply the saved plan: it differs from what today's policy and tenant derive; nothing "
                    + "was written"))
        #expect(stale.stderr.contains("ACCESS_PROFILE 2c918075ace0d7df7225c81ef4303c11 changed in the tenant"))
        // Nothing was written: Slack is still CONFIRMED, so the policy still plans one change.
        let after = await cli.call(["plan", "--format", "json"])
        let summary = (try JSONSerialization.jsonObject(with: Data(after.stdout.utf8)) as? [String: Any])?["summary"]
        #expect((summary as? [String: Any])?["update"] as? Int == 1)

        // A fresh saved plan applies, then a re-plan is empty.
        #expect(await cli.call(["plan", "--out", "plan2.json"]).status == 2)
        let applied = await cli.call(["apply", "plan2.json", "--auto-approve"])
        #expect(applied.status == 0, "\(applied.stderr)")
        #expect(await cli.call(["plan"]).status == 0)
    }

    @Test("a saved plan is refused when the policy files changed since")
    func policyChanged() async throws {
        let cli = try CLIRunner(policies: Self.denyVPN)
        #expect(await cli.call(["plan", "--out", "plan.json"]).status == 2)
        let file = cli.folder.appendingPathComponent("policies/vpn.yaml")
        try Data((try String(contentsOf: file, encoding: .utf8) + "# edited\n").utf8).write(to: file)
        let result = await cli.call(["apply", "plan.json", "--auto-approve"])
        #expect(result.status == 3)
        #expect(result.stderr.contains("the policy files changed since the plan was made"))
    }

    @Test("--base-policies separates the policy change from drift")
    func drift() async throws {
        let cli = try CLIRunner(policies: Self.denyVPN)
        try FileManager.default.createDirectory(
            at: cli.folder.appendingPathComponent("main"), withIntermediateDirectories: true)
        try Data("commonAccess:\n  - {type: ACCESS_PROFILE, name: VPN Access, status: DENIED}\n".utf8)
            .write(to: cli.folder.appendingPathComponent("main/vpn.yaml"))
        let result = await cli.call(["plan", "--base-policies", "main", "--format", "json"])
        #expect(result.status == 2)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let changes = try #require(json["changes"] as? [[String: Any]])
        let causes = Dictionary(
            uniqueKeysWithValues: changes.map { ($0["name"] as? String ?? "", $0["cause"] as? String ?? "") })
        #expect(causes == ["VPN Access": "drift", "Slack Workspace Member": "policyChange"])
        #expect((json["summary"] as? [String: Any])?["drift"] as? Int == 1)
        let text = await cli.call(["plan", "--base-policies", "main"])
        #expect(text.stdout.contains("Drift (the tenant differs from the merged policy):"))
    }
}

@Suite("The rate-limit memory between runs")
struct RateLimitMemoryCommandTests {
    @Test("a run against a real tenant records when its requests finished, and nothing else")
    func memoryFile() async throws {
        try await withServedSandbox { port, _, _ in
            let cli = try CLIRunner(config: servedConfig(port: port), policies: [:])
            let cache = cli.folder.appendingPathComponent("cache")
            let environment = sandboxCredentials.merging(["XDG_CACHE_HOME": cache.path]) { $1 }
            #expect(await cli.call(["plan", "--allow-empty"], environment: environment).status == 0)
            let folder = cache.appendingPathComponent("accesspolicy/rate-limit")
            let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            try #require(files.count == 1)
            let text = try String(contentsOf: folder.appendingPathComponent(files[0]), encoding: .utf8)
            let stored = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: [Double]]
            #expect(stored?.keys.sorted() == ["finishedAt"])
            #expect((stored?["finishedAt"]?.count ?? 0) >= 2)  // the token and the list
            for credential in sandboxCredentials.values { #expect(!text.contains(credential)) }
            #expect(!files[0].contains(Sandbox.defaultClientID))
        }
    }
}
