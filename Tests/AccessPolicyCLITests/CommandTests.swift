import Foundation
import Testing
import YAMLTree

@Suite("The accesspolicy command, run as a user would")
struct CommandTests {
    static let policy = [
        "company.yaml": """
        commonAccess:
          - type: ROLE
            id: 2c91806f2eabc9d960416a6d56612ef3
            status: CONFIRMED
          - type: ACCESS_PROFILE
            name: VPN Access
            status: DENIED
            reason: remote access is requested per person
          - type: ACCESS_PROFILE
            name: GitHub Engineering
            status: CONFIRMED
        """
    ]

    @Test("plan exits 2, apply --auto-approve exits 0, then plan exits 0 with no changes")
    func planApplyPlan() async throws {
        let cli = try CLIRunner(policies: Self.policy)
        let first = await cli.call(["plan"])
        #expect(first.status == 2, "\(first.stderr)")
        #expect(first.stdout.contains("+  ACCESS_PROFILE  \"GitHub Engineering\""))
        #expect(
            first.stdout.contains(
                "CONFIRMED → DENIED  policies/company.yaml:5  # remote access is requested per person"))
        #expect(
            first.stdout.contains(
                "Plan: 1 to create, 1 to update, 1 unchanged, 13 unmanaged (ignored); 1 of the changes sets DENIED."))

        let apply = await cli.call(["apply", "--auto-approve"])
        #expect(apply.status == 0, "\(apply.stderr)")
        #expect(apply.stdout.contains("Applied 2 of 2 changes in 2 write requests. The tenant shows every change."))

        let again = await cli.call(["plan"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("No changes."))
    }

    @Test("plan --format json prints nothing but one JSON document on stdout")
    func jsonIsClean() async throws {
        let cli = try CLIRunner(policies: Self.policy)
        let result = await cli.call(["plan", "--format", "json"])
        #expect(result.status == 2)
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        #expect(object?["formatVersion"] as? Int == 1)
        let summary = object?["summary"] as? [String: Any]
        #expect(summary?["create"] as? Int == 1)
        #expect(summary?["update"] as? Int == 1)
    }

    @Test("broken policy files: every error with its location, exit 1, and the tenant is never contacted")
    func brokenPolicies() async throws {
        let cli = try CLIRunner(policies: [
            "a.yaml": "commonAccess:\n  - type: ROLE\n    id: 2c9180835d2e5168015d32f890ca1581\n    status: CONFIRM\n",
            "b.yaml": "commonAccess:\n  - type: ROLE\n    id: 2C918004AF0D75019E3D9B10F16ED644\n    stauts: DENIED\n",
        ])
        for command in [["validate"], ["plan"], ["apply", "--auto-approve"]] {
            let result = await cli.call(command)
            #expect(result.status == 1)
            #expect(result.stdout.isEmpty)
            #expect(
                result.stderr.contains(
                    "policies/a.yaml:4:13: error: unknown status \"CONFIRM\" (expected CONFIRMED or DENIED)"))
            #expect(
                result.stderr.contains("policies/b.yaml:4:5: error: unknown key \"stauts\" in a commonAccess entry"))
            #expect(result.stderr.contains("hint: did you mean \"status\"?"))
            #expect(result.stderr.contains("policies/b.yaml:2:5: error: a commonAccess entry is missing \"status\""))
            #expect(
                result.stderr.contains(
                    "policies/b.yaml:3:9: error: id \"2C918004AF0D75019E3D9B10F16ED644\" is not an ISC id (32 lower-case "
                        + "hexadecimal digits)\nhint: did you mean 2c918004af0d75019e3d9b10f16ed644? ISC writes ids in "
                        + "lower case"))
            #expect(result.stderr.hasSuffix("4 errors in 2 files\n"))
        }
        #expect(!FileManager.default.fileExists(atPath: cli.stateFile.path))
    }

    @Test("validate passes a good policy set without touching the network")
    func validateOK() async throws {
        let cli = try CLIRunner(config: "tenant: https://nowhere.invalid\n", policies: Self.policy)
        let result = await cli.call(["validate"])
        #expect(result.status == 0)
        #expect(result.stdout == "3 entries in 1 file under policies (config accesspolicy.yaml): no errors\n")
    }

    @Test("apply without --auto-approve and without a terminal refuses and writes nothing")
    func applyNeedsApproval() async throws {
        let cli = try CLIRunner(policies: Self.policy)
        let result = await cli.call(["apply"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("pass --auto-approve"))
        #expect(await cli.call(["plan"]).status == 2)
    }

    @Test("on a terminal apply asks: anything but yes writes nothing, yes applies")
    func prompt() async throws {
        let cli = try CLIRunner(policies: Self.policy)
        let declined = await cli.call(["apply"], stdinIsTTY: true, answers: ["y"])
        #expect(declined.status == 1)
        #expect(declined.stderr.contains("to tenant sandbox? Only \"yes\" applies: "))
        #expect(declined.stderr.contains("Apply cancelled; nothing was written."))
        #expect(await cli.call(["plan"]).status == 2)
        let accepted = await cli.call(["apply"], stdinIsTTY: true, answers: ["yes"])
        #expect(accepted.status == 0, "\(accepted.stderr)")
        #expect(await cli.call(["plan"]).status == 0)
    }

    @Test("a broken config file is reported with its location")
    func brokenConfig() async throws {
        let cli = try CLIRunner(config: "tenant: sandbox\nunmanaged: delete\n", policies: Self.policy)
        let result = await cli.call(["plan"])
        #expect(result.status == 1)
        #expect(
            result.stderr.contains(
                "accesspolicy.yaml:2:12: error: unknown unmanaged mode \"delete\" (expected ignore, report or deny)"))
    }

    @Test("a real tenant without credentials says which variables to set, and prints no secret")
    func missingCredentials() async throws {
        let cli = try CLIRunner(config: "tenant: acme\n", policies: Self.policy)
        let result = await cli.call(["plan"], environment: ["SAIL_CLIENT_SECRET": "canary-secret-4711"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("SAIL_CLIENT_ID"))
        #expect(!result.stderr.contains("canary-secret-4711"))
        #expect(!result.stdout.contains("canary-secret-4711"))
    }

    @Test("export then plan: the next plan is empty")
    func exportThenPlan() async throws {
        let cli = try CLIRunner(config: "tenant: sandbox\npolicies: exported\nunmanaged: deny\n", policies: [:])
        let export = await cli.call(["export"])
        #expect(export.status == 0, "\(export.stderr)")
        #expect(FileManager.default.fileExists(atPath: cli.folder.appendingPathComponent("exported/roles.yaml").path))
        let plan = await cli.call(["plan"])
        #expect(plan.status == 0, "\(plan.stdout)\(plan.stderr)")
        let again = await cli.call(["export"])
        #expect(again.status == 1)
        #expect(again.stderr.contains("already holds policy files"))
    }
}

@Suite("Files shipped in this repository")
struct RepositoryFilesTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test(
        "the demo policy and the example policy sets validate",
        arguments: [
            "accesspolicy.yaml", "examples/policies/small-team/accesspolicy.yaml",
            "examples/policies/enterprise/accesspolicy.yaml",
        ])
    func examplesValidate(config: String) throws {
        let process = Process()
        process.executableURL = CLIRunner.binary
        process.arguments = ["validate", "--config", config]
        process.currentDirectoryURL = Self.root
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    @Test("the CI examples never let a queued drift check replace a pending apply")
    func ciConcurrency() throws {
        func document(_ path: String) throws -> YAMLNode {
            let bytes = try Data(contentsOf: Self.root.appendingPathComponent(path))
            return try #require(try YAMLParser.parse(Array(bytes), file: path).first)
        }
        func value(_ node: YAMLNode?, _ keys: String...) -> YAMLNode? {
            keys.reduce(node) { node, key in
                guard case .mapping(let pairs) = node?.content else { return nil }
                return pairs.first { $0.key.scalar?.value == key }?.value
            }
        }
        let github = try document("examples/github/accesspolicy.yml")
        // GitHub keeps one pending run per group and a newer one replaces it: applies need a group of their own.
        #expect(value(github, "concurrency") == nil)
        let apply = value(github, "jobs", "apply", "concurrency", "group")?.scalar?.value
        let drift = value(github, "jobs", "drift", "concurrency", "group")?.scalar?.value
        #expect(apply != nil && drift != nil && apply != drift)
        #expect(value(github, "jobs", "apply", "concurrency", "cancel-in-progress")?.scalar?.bool == false)
        // GitLab's resource groups queue without replacing: apply and drift share one, so drift waits.
        let gitlab = try document("examples/gitlab/.gitlab-ci.yml")
        let applyGroup = value(gitlab, "apply", "resource_group")?.scalar?.value
        #expect(applyGroup != nil)
        #expect(value(gitlab, "drift", "resource_group")?.scalar?.value == applyGroup)
    }

    @Test("the README demo: plan, apply --auto-approve, plan again exits 0, access requests included")
    func readmeDemo() async throws {
        let files = FileManager.default
        let policies = Self.root.appendingPathComponent("policies")
        var texts: [String: String] = [:]
        for case let url as URL in files.enumerator(at: policies, includingPropertiesForKeys: nil) ?? .init()
        where url.pathExtension == "yaml" {
            let relative = String(url.standardizedFileURL.path.dropFirst(policies.standardizedFileURL.path.count + 1))
            texts[relative] = try String(contentsOf: url, encoding: .utf8)
        }
        let config = try String(contentsOf: Self.root.appendingPathComponent("accesspolicy.yaml"), encoding: .utf8)
        let cli = try CLIRunner(config: config, policies: texts)

        let plan = await cli.call(["plan"])
        #expect(plan.status == 2, "\(plan.stderr)")
        #expect(plan.stdout.contains("access requests: 7 to approve, 4 to cancel, 1 to close (21 pending)"))
        let apply = await cli.call(["apply", "--auto-approve"])
        #expect(apply.status == 0, "\(apply.stderr)")
        #expect(apply.stdout.contains("and 12 of 12 access-request actions"))
        let again = await cli.call(["plan"])
        #expect(again.status == 0, "\(again.stdout)\(again.stderr)")
        #expect(again.stdout.contains("No changes."))
    }
}
