import AccessPolicyTestSupport
import Foundation
import Sandbox
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Mistakes in the environment stop the binary before its first write, with a message (issue 11).
@Suite("Fail closed, run as CI would")
struct FailClosedCommandTests {
    static let denySlack = [
        "slack.yaml": "commonAccess:\n  - {type: ACCESS_PROFILE, name: Slack Workspace Member, status: DENIED}\n"
    ]

    @Test("a config named with --config or ACCESSPOLICY_CONFIG that does not exist stops the run")
    func missingConfig() async throws {
        let cli = try CLIRunner(policies: Self.denySlack)
        for (arguments, environment) in [
            (["apply", "--auto-approve", "--config", "accesspolicy.prod.yaml"], [:]),
            (["apply", "--auto-approve"], ["ACCESSPOLICY_CONFIG": "accesspolicy.prod.yaml"]),
        ] {
            let result = await cli.call(arguments, environment: environment)
            #expect(result.status == 1)
            #expect(result.stderr.contains("the config file \"accesspolicy.prod.yaml\" named by"))
            #expect(result.stderr.contains("does not exist"))
        }
        #expect(!FileManager.default.fileExists(atPath: cli.stateFile.path))
    }

    @Test("from a subfolder of the repository, the config at its root is used, and the plan says which")
    func configFromRepositoryRoot() async throws {
        let cli = try CLIRunner(policies: Self.denySlack)
        try FileManager.default.createDirectory(
            at: cli.folder.appendingPathComponent(".git"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(
            at: cli.folder.appendingPathComponent("docs/notes"), withIntermediateDirectories: true)
        let plan = await cli.call(["plan"], in: "docs/notes")
        #expect(plan.status == 2, "\(plan.stderr)")
        #expect(plan.stdout.hasPrefix("Plan for tenant sandbox (API v2025, config ../../accesspolicy.yaml)"))
        let json = await cli.call(["plan", "--format", "json"])
        #expect(
            (try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])?["config"]
                as? String == "accesspolicy.yaml")
    }

    @Test(
        "dangling links, loops of links, FIFOs and *.YAML: read or reported, never skipped, never a hang",
        .timeLimit(.minutes(1)))
    func policyFolderOddities() async throws {
        let cli = try CLIRunner(policies: Self.denySlack)
        let policies = cli.folder.appendingPathComponent("policies")
        let manager = FileManager.default
        try manager.createSymbolicLink(
            atPath: policies.appendingPathComponent("shared.yaml").path,
            withDestinationPath: "../missing/shared.yaml")
        try manager.createDirectory(at: policies.appendingPathComponent("team"), withIntermediateDirectories: true)
        try manager.createSymbolicLink(
            atPath: policies.appendingPathComponent("team/up").path,
            withDestinationPath: "..")
        #expect(mkfifo(policies.appendingPathComponent("pipe.yaml").path, 0o644) == 0)
        try cli.write("policies/LEGACY.YAML", "commonAccess:\n  - {type: ROLE, name: All Employees, status: DENIED}\n")

        let result = await cli.call(["validate"])
        #expect(result.status == 1)
        #expect(
            result.stderr.contains(
                "policies/shared.yaml: error: dangling symbolic link to \"../missing/shared.yaml\": it points at nothing"
            ))
        #expect(
            result.stderr.contains(
                "policies/team/up: error: symbolic link loop: this leads back to \"policies\", a folder it is inside"))
        #expect(result.stderr.contains("policies/pipe.yaml: error: not a regular file or folder"))
        #expect(!result.stderr.contains("NSCocoaErrorDomain"))
        #expect(!result.stderr.contains("Error Domain"))

        // With the odd paths gone, the upper-case file is read with the rest.
        for path in ["shared.yaml", "team/up", "pipe.yaml"] {
            try manager.removeItem(at: policies.appendingPathComponent(path))
        }
        let valid = await cli.call(["validate"])
        #expect(valid.status == 0, "\(valid.stderr)")
        #expect(valid.stdout.hasPrefix("2 entries in 2 files"))
    }

    // Root reads every folder: there the in-memory file system's tests cover this case.
    @Test("a folder the run may not read is a located error", .enabled(if: getuid() != 0))
    func unreadableFolder() async throws {
        let cli = try CLIRunner(policies: Self.denySlack)
        try cli.write("policies/secret/x.yaml", "commonAccess: []\n")
        let secret = cli.folder.appendingPathComponent("policies/secret").path
        chmod(secret, 0)
        defer { chmod(secret, 0o755) }
        let result = await cli.call(["validate"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("policies/secret: error: cannot read this folder: permission denied"))
    }

    @Test("an empty policy folder needs --allow-empty, and never meets unmanaged: deny")
    func emptyPolicy() async throws {
        let cli = try CLIRunner(policies: [:])
        let plan = await cli.call(["plan"])
        #expect(plan.status == 1)
        #expect(plan.stderr.contains("policies: error: no policy files (*.yaml, *.yml) in this folder"))
        #expect(await cli.call(["plan", "--allow-empty"]).status == 0)
        let deny = await cli.call(["apply", "--auto-approve", "--allow-empty", "--unmanaged", "deny"])
        #expect(deny.status == 1)
        #expect(deny.stderr.contains("unmanaged: deny would deny every item in the tenant"))
        let validate = await cli.call(["validate", "--allow-empty", "--unmanaged", "deny"])
        #expect(validate.status == 1)
        #expect(await cli.call(["plan", "--allow-empty"]).status == 0, "nothing was written")
    }

    @Test("unmanaged: deny on a tenant where most items are unmanaged stops at the default guards")
    func defaultGuards() async throws {
        let cli = try CLIRunner(config: "tenant: sandbox\nunmanaged: deny\n", policies: Self.denySlack)
        let apply = await cli.call(["apply", "--auto-approve"])
        #expect(apply.status == 3, "\(apply.stdout)\(apply.stderr)")
        #expect(apply.stderr.contains("error: blocked by guard maxDeniedPercent"))
        #expect(apply.stderr.contains("nothing was written"))
        let plan = await cli.call(["plan", "--format", "json"])
        let summary = (try JSONSerialization.jsonObject(with: Data(plan.stdout.utf8)) as? [String: Any])?["summary"]
        #expect(((summary as? [String: Any])?["liveDenied"] as? Int ?? 0) > 1)
    }

    @Test("a saved plan edited by hand, or cut short, is refused with exit 3 and nothing is written")
    func editedSavedPlan() async throws {
        let cli = try CLIRunner(
            policies: [
                "okta.yaml": "commonAccess:\n  - {type: ACCESS_PROFILE, name: Okta Admin, status: DENIED}\n"
            ])
        #expect(await cli.call(["plan", "--out", "plan.json"]).status == 2)
        let file = cli.folder.appendingPathComponent("plan.json")
        let text = try String(contentsOf: file, encoding: .utf8)
        let edited = text.replacing("\"to\" : \"DENIED\"", with: "\"to\" : \"CONFIRMED\"")
        #expect(edited != text)
        try Data(edited.utf8).write(to: cli.folder.appendingPathComponent("edited.json"))
        try Data(text.utf8.prefix(text.utf8.count / 2)).write(to: cli.folder.appendingPathComponent("cut.json"))
        for name in ["edited.json", "cut.json"] {
            let result = await cli.call(["apply", name, "--auto-approve"])
            #expect(result.status == 3, "\(name): \(result.stderr)")
            #expect(result.stderr.contains("nothing was written"))
        }
        let after = await cli.call(["plan", "--format", "json"])
        let summary = (try JSONSerialization.jsonObject(with: Data(after.stdout.utf8)) as? [String: Any])?["summary"]
        #expect((summary as? [String: Any])?["create"] as? Int == 1, "Okta Admin was not created")
        #expect(await cli.call(["apply", "plan.json", "--auto-approve"]).status == 0)
    }

    @Test("a reader that goes away (| head) does not crash apply, and its exit code still tells the result")
    func closedPipes() async throws {
        var sandbox = SandboxConfiguration()
        sandbox.latency = .milliseconds(200)
        try await withServedSandbox(configuration: sandbox) { port, store, _ in
            let changes = SeededChanges(creates: 2, flips: 1)
            let cli = try CLIRunner(config: servedConfig(port: port), policies: changes.policies)
            // stdout, then stderr (the waiting and report lines), into a pipe that closes after one byte.
            for script in [
                #""$AP" apply --auto-approve | head -c 1 > /dev/null; exit ${PIPESTATUS[0]}"#,
                #""$AP" plan --verbose 2>&1 >/dev/null | head -c 1 > /dev/null; exit ${PIPESTATUS[0]}"#,
            ] {
                let result = try await cli.runShell(script, environment: sandboxCredentials)
                #expect(!result.stderr.contains("Fatal error"), "\(script): \(result.stderr)")
                #expect(result.status == 0, "\(script) ended with \(result.status): \(result.stderr)")
            }
            #expect(await changes.mismatches(in: store) == [])
            let plan = try await cli.runShell(
                #""$AP" plan | head -c 1 > /dev/null; exit ${PIPESTATUS[0]}"#, environment: sandboxCredentials)
            #expect(plan.status == 0)
        }
    }

    @Test("a run on the sandbox waits while another process holds its state, then plans against what it wrote")
    func sandboxStateLock() async throws {
        let cli = try CLIRunner(policies: Self.denySlack)
        let serve = try cli.start(["sandbox", "serve", "--port", "0"])
        try await waitUntil {
            serve.stderrSoFar.isEmpty == false
                || FileManager.default.fileExists(
                    atPath: cli.stateFile.path + ".lock")
        }
        let apply = try cli.start(["apply", "--auto-approve"])
        try await waitUntil { apply.stderrSoFar.contains("to finish with the sandbox tenant") }
        #expect(apply.stderrSoFar.contains("waiting for pid \(serve.pid) (accesspolicy sandbox serve"))
        serve.interrupt()
        _ = await serve.result()
        let result = await apply.result()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(await cli.call(["plan"]).status == 0)
    }

    @Test("two applies at once on the sandbox each keep their writes")
    func concurrentApplies() async throws {
        let cli = try CLIRunner(policies: Self.denySlack)
        try cli.write(
            "other/vpn.yaml", "commonAccess:\n  - {type: ACCESS_PROFILE, name: VPN Access, status: DENIED}\n")
        let first = try cli.start(["apply", "--auto-approve"])
        let second = try cli.start(["apply", "--auto-approve", "--policies", "other"])
        let results = [await first.result(), await second.result()]
        #expect(results.map(\.status) == [0, 0], "\(results.map(\.stderr))")
        #expect(await cli.call(["plan"]).status == 0)
        #expect(await cli.call(["plan", "--policies", "other"]).status == 0)
    }

    @Test("export never leaves a folder whose next plan declares an item twice")
    func exportDuplicates() async throws {
        let cli = try CLIRunner(policies: Self.denySlack)
        let refused = await cli.call(["export"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("already holds policy files (policies/slack.yaml)"))
        let forced = await cli.call(["export", "--force"])
        #expect(forced.status == 1)
        #expect(
            forced.stderr.contains(
                "policies/slack.yaml:2:5: error: ACCESS_PROFILE \"Slack Workspace Member\" is exported too: the next "
                    + "plan would declare it twice"))
        #expect(forced.stderr.contains("export would leave this policy folder unreadable by the next plan"))
        #expect(!FileManager.default.fileExists(atPath: cli.folder.appendingPathComponent("policies/roles.yaml").path))
        let inside = await cli.call(["export", "--out", "policies/exported"])
        #expect(inside.status == 1, "the next plan reads policies/ with the exported files in it")
        let elsewhere = await cli.call(["export", "--out", "exported"])
        #expect(elsewhere.status == 0, "\(elsewhere.stderr)")
        #expect(await cli.call(["plan", "--policies", "exported"]).status == 0)
    }
}
