import AccessPolicyTestSupport
import Foundation
import Sandbox
import Testing

/// The client secret and the tokens it buys never reach stdout, stderr (even with --verbose) or any file the
/// tool writes; insecure URLs are refused; a refused secret is named by its variable, never echoed.
@Suite("Secrets and tokens stay out of every output, run as CI would")
struct SecretCommandTests {
    /// A secret with the characters that break naive form or URL encoding.
    static let canary = "canary-Secret+/=&\"#%-7c1d"
    static let clientID = "ci-client-3f9a"

    @Test("plan, apply, export and validate with a canary secret: no output or written file holds it or a token")
    func nothingLeaks() async throws {
        var sandbox = SandboxConfiguration()
        sandbox.clientID = Self.clientID
        sandbox.clientSecret = Self.canary
        let changes = SeededChanges(creates: 2, flips: 1)
        try await withTokenRecordingSandbox(configuration: sandbox) { port, tokens in
            let cli = try CLIRunner(config: servedConfig(port: port), policies: changes.policies)
            let environment = ["SAIL_CLIENT_ID": Self.clientID, "SAIL_CLIENT_SECRET": Self.canary]
            let runs: [(arguments: [String], status: Int32)] = [
                (["validate", "--verbose"], 0),
                (["plan", "--verbose"], 2),
                (["plan", "--out", "saved-plan.json", "--timings", "plan-timings.json", "--verbose"], 2),
                (["plan", "--format", "json", "--verbose"], 2),
                (["plan", "--format", "markdown"], 2),
                (["apply", "saved-plan.json", "--auto-approve", "--verbose", "--timings", "apply-timings.json"], 0),
                (["apply", "--auto-approve", "--verbose", "--format", "json"], 0),
                (["export", "--out", "exported", "--verbose"], 0),
            ]
            var outputs: [(String, String)] = []
            for run in runs {
                let result = try await cli.run(run.arguments, environment: environment)
                #expect(result.status == run.status, "\(run.arguments): \(result.stderr)")
                outputs.append(("stdout of \(run.arguments)", result.stdout))
                outputs.append(("stderr of \(run.arguments)", result.stderr))
            }
            // The runs did log requests: --verbose was on and working.
            #expect(outputs.contains { $0.1.contains("POST /oauth/token 200") })

            let issued = await tokens.issued
            #expect(issued.count >= runs.count - 1, "every networked run fetches its own token")
            #expect(await tokens.unreadable == 0)
            #expect(await tokens.presented.isSubset(of: issued), "a token was used that the log did not see issued")

            let files = try Self.filesBelow(cli.folder)
            for expected in ["saved-plan.json", "plan-timings.json", "apply-timings.json", "exported/roles.yaml"] {
                #expect(files.keys.contains(expected), "\(expected) was not written")
            }
            let secrets = [Self.canary, "canary"] + issued.sorted()
            for (place, text) in outputs + files.sorted(by: { $0.key < $1.key }).map({ ($0.key, $0.value) }) {
                for secret in secrets {
                    #expect(!text.contains(secret), "\(place) contains a secret or token")
                }
            }
        }
    }

    @Test(
        "plain http:// to a host that is not loopback is refused before anything is sent",
        arguments: [
            (["--tenant", "http://acme.api.identitynow.com"], [:]),
            (["--tenant", "acme"], ["SAIL_BASE_URL": "http://acme.api.identitynow.com"]),
        ] as [([String], [String: String])])
    func plainHTTPRefused(flags: [String], extra: [String: String]) async throws {
        let cli = try CLIRunner(config: "apiVersion: v2025\n", policies: SeededChanges(creates: 1, flips: 0).policies)
        var environment = ["SAIL_CLIENT_ID": Self.clientID, "SAIL_CLIENT_SECRET": Self.canary]
        environment.merge(extra) { _, new in new }
        for command in [["plan"], ["apply", "--auto-approve"], ["export", "--out", "exported"]] {
            let result = try await cli.run(command + flags + ["--verbose"], environment: environment)
            #expect(result.status == 1, "\(command): \(result.stderr)")
            #expect(result.stderr.contains("refusing plain http to acme.api.identitynow.com"), "\(result.stderr)")
            #expect(!result.stderr.contains("canary") && !result.stdout.contains("canary"))
            #expect(!result.stderr.contains("POST /oauth/token"), "a request was sent")
        }
    }

    @Test("a tenant name with SAIL_BASE_URL pointing at another host is refused before anything is sent")
    func strayBaseURL() async throws {
        let cli = try CLIRunner(config: "tenant: acme\n", policies: SeededChanges(creates: 1, flips: 0).policies)
        let environment = [
            "SAIL_BASE_URL": "https://evil.example.com", "SAIL_CLIENT_ID": Self.clientID,
            "SAIL_CLIENT_SECRET": Self.canary,
        ]
        let result = try await cli.run(["plan", "--verbose"], environment: environment)
        #expect(result.status == 1)
        #expect(result.stderr.contains("SAIL_BASE_URL points at evil.example.com but the tenant is \"acme\""))
        #expect(!result.stderr.contains("POST /oauth/token"), "a request was sent")
        #expect(!result.stderr.contains("canary"))
    }

    @Test("a token endpoint that refuses the credentials: the error names the variables, never their values")
    func refusedCredentials() async throws {
        var sandbox = SandboxConfiguration()
        sandbox.clientID = Self.clientID
        sandbox.clientSecret = "the-right-secret"
        try await withServedSandbox(configuration: sandbox) { port, _, metrics in
            let cli = try CLIRunner(
                config: servedConfig(port: port), policies: SeededChanges(creates: 1, flips: 0).policies)
            let environment = ["SAIL_CLIENT_ID": Self.clientID, "SAIL_CLIENT_SECRET": Self.canary]
            for command in [["plan", "--verbose"], ["apply", "--auto-approve", "--verbose"]] {
                let result = try await cli.run(command, environment: environment)
                #expect(result.status == 1, "\(result.stderr)")
                #expect(result.stderr.contains("SAIL_CLIENT_ID"), "\(result.stderr)")
                #expect(result.stderr.contains("SAIL_CLIENT_SECRET"), "\(result.stderr)")
                for text in [result.stdout, result.stderr] {
                    #expect(!text.contains("canary"))
                    #expect(!text.contains(Self.clientID))
                }
            }
            #expect(await metrics.snapshot().writeRequests == 0)
        }
    }

    /// Every file below `folder`, by relative path, as text (lossy for binary files, which is fine for a search).
    static func filesBelow(_ folder: URL) throws -> [String: String] {
        var files: [String: String] = [:]
        let root = folder.standardizedFileURL.path
        let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = enumerator?.nextObject() as? URL {
            guard try url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true else { continue }
            let path = url.standardizedFileURL.path
            let relative = path.hasPrefix(root + "/") ? String(path.dropFirst(root.count + 1)) : path
            files[relative] = String(decoding: try Data(contentsOf: url), as: UTF8.self)
        }
        return files
    }
}
