import AccessPolicyTestSupport
import Foundation
import Sandbox
import Testing

/// The `accesspolicy` binary against a sandbox the test serves and watches: writes that land late, a run
/// killed half-way, Ctrl-C during apply. After each, the tenant is checked against the policy.
@Suite("Interrupted and slow applies, run as CI would")
struct ReliabilityCommandTests {
    @Test("writes that show after 2 s: apply waits and exits 0; with --wait 1s it exits 4 naming what is pending")
    func delayedWrites() async throws {
        let changes = SeededChanges(creates: 3, flips: 2)
        var sandbox = SandboxConfiguration()
        sandbox.writeDelay = .seconds(2)
        try await withServedSandbox(configuration: sandbox) { port, store, _ in
            let cli = try CLIRunner(config: servedConfig(port: port), policies: changes.policies)
            let apply = try await cli.run(["apply", "--auto-approve"], environment: sandboxCredentials)
            #expect(apply.status == 0, "\(apply.stdout)\(apply.stderr)")
            #expect(apply.stdout.contains("Applied 5 of 5 changes in 4 write requests. The tenant shows every change."))
            #expect(await changes.mismatches(in: store) == [])
        }
        // Longer than 2 s here, so that even a stalled machine cannot see the writes land within the 1 s wait.
        sandbox.writeDelay = .seconds(5)
        try await withServedSandbox(configuration: sandbox) { port, store, metrics in
            let cli = try CLIRunner(config: servedConfig(port: port), policies: changes.policies)
            let apply = try await cli.run(
                ["apply", "--auto-approve", "--wait", "1s"], environment: sandboxCredentials)
            #expect(apply.status == 4, "\(apply.stdout)\(apply.stderr)")
            let pending = try #require(
                apply.stdout.components(separatedBy: "Written but not visible in the tenant after 1s (5):").last)
            for key in changes.desired.keys {
                #expect(pending.contains(String(key.split(separator: " ")[1])), "\(key) is not named as pending")
            }
            #expect(pending.contains("Run plan again later"))

            // Once the tenant caught up, the next plan is empty and nothing is written twice.
            try await waitUntil { await store.snapshot().pendingWrites.isEmpty }
            let writes = await metrics.snapshot().writeRequests
            let plan = try await cli.run(["plan"], environment: sandboxCredentials)
            #expect(plan.status == 0, "\(plan.stdout)\(plan.stderr)")
            #expect(await metrics.snapshot().writeRequests == writes)
            #expect(await changes.mismatches(in: store) == [])
        }
    }

    @Test("apply killed with SIGKILL half-way: the next plan is exactly the rest, and the next apply finishes it")
    func killedHalfWay() async throws {
        let changes = SeededChanges(creates: 40, flips: 10)
        var sandbox = SandboxConfiguration()
        sandbox.latency = .milliseconds(100)
        try await withServedSandbox(configuration: sandbox) { port, store, metrics in
            let cli = try CLIRunner(config: servedConfig(port: port), policies: changes.policies)
            let running = try cli.start(
                ["apply", "--auto-approve", "--concurrency", "1", "--batch-size", "1"], environment: sandboxCredentials)
            try await waitUntil { await metrics.snapshot().creates >= 5 }
            running.killHard()
            let killed = await running.result()
            #expect(killed.killedBySignal && killed.status == SIGKILL)
            // A write the killed process had sent is still answered by the sandbox; count once it is quiet.
            try await waitUntil { await metrics.snapshot().isQuiet }

            let done = await changes.done(in: store)
            #expect(done >= 5 && done < changes.count)
            let plan = try await cli.run(["plan", "--format", "json"], environment: sandboxCredentials)
            #expect(plan.status == 2, "\(plan.stderr)")
            let summary = try #require(try jsonObject(plan)["summary"] as? [String: Any])
            let remaining = (summary["create"] as? Int ?? -1) + (summary["update"] as? Int ?? -1)
            #expect(remaining == changes.count - done)

            let apply = try await cli.run(["apply", "--auto-approve"], environment: sandboxCredentials)
            #expect(apply.status == 0, "\(apply.stdout)\(apply.stderr)")
            #expect(apply.stdout.contains("Applied \(remaining) of \(remaining) changes"))
            #expect(await changes.mismatches(in: store) == [])
            #expect(try await cli.run(["plan"], environment: sandboxCredentials).status == 0)
        }
    }

    @Test(
        "Ctrl-C, SIGTERM or SIGHUP during apply: no new write is sent, the output says what was and was not written",
        arguments: [("json", SIGINT), ("text", SIGTERM), ("text", SIGHUP)])
    func interrupted(format: String, signal: Int32) async throws {
        let name = [SIGINT: "SIGINT", SIGTERM: "SIGTERM", SIGHUP: "SIGHUP"][signal]!
        let changes = SeededChanges(creates: 30, flips: 0)
        var sandbox = SandboxConfiguration()
        sandbox.latency = .milliseconds(100)
        try await withServedSandbox(configuration: sandbox) { port, store, metrics in
            let cli = try CLIRunner(config: servedConfig(port: port), policies: changes.policies)
            let running = try cli.start(
                ["apply", "--auto-approve", "--concurrency", "1", "--format", format], environment: sandboxCredentials)
            try await waitUntil { await metrics.snapshot().creates >= 3 }
            running.send(signal)
            // The stop is requested just before this message: from then on no write starts.
            try await waitUntil { running.stderrSoFar.contains("interrupted (\(name)): sending no new writes") }
            let sentWhenStopped = await metrics.snapshot().creates
            let result = await running.result()
            #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
            #expect(!result.killedBySignal)
            #expect(result.stderr.contains("error: interrupted:"))

            // Only the write in flight at the stop (concurrency 1) may reach the tenant after it.
            try await waitUntil { await metrics.snapshot().isQuiet }
            let sent = await metrics.snapshot().creates
            #expect(sent <= sentWhenStopped + 1)
            let live = Set(await store.snapshot().commonAccess.map(\.key))
            let created = Set(changes.creates).intersection(live)
            #expect(created.count == sent)

            if format == "json" {
                let apply = try #require(try jsonObject(result)["apply"] as? [String: Any])
                let written = Set(Self.keys(apply["written"]))
                let notSent = Set(Self.keys(apply["notSent"]))
                #expect(written == created, "the report and the tenant disagree on what was written")
                #expect(notSent == Set(changes.creates).subtracting(created))
                #expect(apply["converged"] as? Bool == false)
            } else {
                #expect(result.stdout.contains("Applied \(sent) of 30 changes in \(sent) write requests."))
                #expect(result.stdout.contains("Not sent, the run was interrupted (\(30 - sent)):"))
            }

            let plan = try await cli.run(["plan", "--format", "json"], environment: sandboxCredentials)
            #expect((try jsonObject(plan)["summary"] as? [String: Any])?["create"] as? Int == 30 - sent)
            let apply = try await cli.run(["apply", "--auto-approve"], environment: sandboxCredentials)
            #expect(apply.status == 0, "\(apply.stdout)\(apply.stderr)")
            #expect(await changes.mismatches(in: store) == [])
        }
    }

    @Test("a second Ctrl-C exits at once, without waiting for the write in flight")
    func interruptedTwice() async throws {
        let changes = SeededChanges(creates: 3, flips: 0)
        var sandbox = SandboxConfiguration()
        // The list, the catalog check of the three roles it creates, the re-read before writing and the first
        // create pass; the second create is answered 429 "retry after 60 s", so its job stays in flight, waiting,
        // long after the test is done.
        sandbox.rateLimit = SandboxRateLimit(requests: 4, per: .seconds(60))
        try await withServedSandbox(configuration: sandbox) { port, _, metrics in
            let cli = try CLIRunner(config: servedConfig(port: port), policies: changes.policies)
            let running = try cli.start(
                ["apply", "--auto-approve", "--concurrency", "1"], environment: sandboxCredentials)
            try await waitUntil { await metrics.snapshot().rateLimitedResponses >= 1 }
            running.interrupt()
            // Signals that arrive together are delivered once: send the second after the first was handled.
            try await waitUntil { running.stderrSoFar.contains("interrupted (SIGINT): sending no new writes") }
            running.interrupt()
            let result = await running.result()
            #expect(result.status == 1, "\(result.stderr)")
            #expect(result.stderr.contains("interrupted again (SIGINT): exiting now"))
            // It did not wait for the write in flight: no report was printed, and the create was not sent again.
            #expect(!result.stdout.contains("Applied"))
            #expect(await metrics.snapshot().creates == 2)
        }
    }

    /// `"TYPE id"` of each change object in a JSON apply report list.
    static func keys(_ list: Any?) -> [String] {
        (list as? [[String: Any]] ?? []).map { "\($0["type"] as? String ?? "?") \($0["id"] as? String ?? "?")" }
    }
}
