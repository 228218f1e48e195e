// `accesspolicy apply`: runs the ApplyWorkflow with the terminal's prompt and signal handling around it.

import AccessPolicy
import ArgumentParser
import Foundation
import ISCClient

extension AccessPolicyCommand {
    struct Apply: AccessPolicySubcommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Plan (or take a saved plan), check guards, ask, then create and update until the tenant matches.",
            discussion: """
                Exit code 0 when the tenant shows every change, 1 on errors or failed writes, 3 when a guard \
                blocks the run or the saved plan is not what today's policy and tenant derive, 4 when the tenant \
                did not show the changes within --wait.
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions

        @Argument(help: "A plan saved with `plan --out FILE`; applied only if today's policy and tenant derive it.")
        var planFile: String?

        @Flag(help: "Apply without asking (CI). Without it, apply asks on the terminal and refuses when there is none.")
        var autoApprove = false

        @Option(help: "How long to wait for the tenant to show the changes (e.g. 30s, 2m).")
        var wait = WaitDuration(argument: "2m")!

        @Option(help: "Most item ids per update-status call.")
        var batchSize: Int?

        @Option(
            name: .customLong("allow-guard"),
            help: """
                Apply even though the plan goes over this guard (maxChanges, maxDenied, maxDeniedPercent, \
                maxClosed, maxCancelled, maxApproved); needs --reason.
                """)
        var allowedGuards: [String] = []

        @Option(help: "Why the guards are overridden; required with --allow-guard, recorded in the output.")
        var reason: String?

        func validate() throws {
            if let batchSize, !(1...10_000).contains(batchSize) {
                throw ValidationError("--batch-size must be from 1 to 10000")
            }
            for name in allowedGuards where !GuardCheck.overridable.contains(name) {
                if name == "protected" {
                    throw ValidationError(
                        "protected items cannot be overridden; remove the item from \"protected:\" in a reviewed change"
                    )
                }
                throw ValidationError(
                    "unknown guard \"\(name)\" (expected \(GuardCheck.overridable.joined(separator: ", ")))")
            }
            if !allowedGuards.isEmpty && (reason?.trimmingCharacters(in: .whitespaces) ?? "").isEmpty {
                throw ValidationError("--allow-guard needs --reason \"…\" saying why")
            }
        }

        func run(_ context: CommandContext) async throws -> ExitOutcome {
            // The file is checked before the tenant is read: a file that is not a sealed, complete plan stops here.
            let saved: SavedPlan?
            switch try SavedPlanFile.read(planFile, context: context) {
            case .refused: return .blocked
            case .read(let plan): saved = plan
            }
            let session = try await PlanSession(global, context: context)
            let settings = session.settings
            let overrides = Dictionary(allowedGuards.map { ($0, reason ?? "") }) { first, _ in first }
            let output = ApplyOutput(
                format: output.format, wait: wait.text, console: context.console, colors: context.colorsOnStdout,
                autoApprove: autoApprove)
            let applyOptions = Applier.Options(
                concurrency: settings.concurrency, batchSize: batchSize ?? settings.config.batchSize ?? 250,
                wait: wait.duration)
            return try await session.withTenant { client, label in
                let workflow = ApplyWorkflow(
                    planner: session.planner(client),
                    applier: Applier(tenant: client, requests: client, logger: context.logger))
                let request = ApplyWorkflow.Request(
                    policy: session.policy, options: session.options(label, overrides: overrides), saved: saved,
                    configDigest: settings.config.digest, applyOptions: applyOptions)
                let writes = WriteDuration()
                let outcome = try await workflow.run(
                    request,
                    planned: { run in
                        session.printWarnings(run)
                        output.show(run.plan)
                    },
                    confirm: { plan in output.confirm(plan, tenant: label) },
                    writeScope: { body in
                        let started = ContinuousClock.now
                        let report = await InterruptTrap.trappingInterrupts(console: context.console, body)
                        await writes.record(started.duration(to: .now))
                        return report
                    },
                    progress: output.progress)
                if let path = settings.timingsFile, case .applied(let run, _) = outcome {
                    var timings = RunTimings(load: session.loadDuration.seconds)
                    timings.record(run)
                    timings.apply = await writes.seconds
                    timings.client = RunTimings.Client(await client.statistics())
                    timings.peakRSS = RunTimings.peakResidentBytes()
                    try timings.write(to: path, fileSystem: context.fileSystem)
                }
                return output.finish(outcome)
            }
        }
    }
}
