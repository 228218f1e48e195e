// `accesspolicy plan`: prints the plan, and saves it with --out.

import AccessPolicy
import ArgumentParser
import Foundation
import ISCClient

extension AccessPolicyCommand {
    struct Plan: AccessPolicySubcommand {
        static let configuration = CommandConfiguration(
            abstract: "Show what apply would change. Never writes to the tenant.",
            discussion: "Exit code 0 when there is nothing to change, 2 when there are changes, 1 on errors.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions

        @Option(help: "Also save the plan to FILE, for `accesspolicy apply FILE`.")
        var out: String?

        @Option(help: "The merged policy (e.g. main checked out beside the PR): marks each change as drift or not.")
        var basePolicies: String?

        func run(_ context: CommandContext) async throws -> ExitOutcome {
            let session = try await PlanSession(global, basePolicies: basePolicies, context: context)
            let format = output.format
            let out = self.out
            return try await session.withTenant { client, label in
                let run = try await session.plan(client, label: label)
                PlanPrinter(format: format, console: context.console, colors: context.colorsOnStdout).print(run.plan)
                if let path = session.settings.timingsFile {
                    var timings = RunTimings(load: session.loadDuration.seconds)
                    timings.record(run)
                    timings.client = RunTimings.Client(await client.statistics())
                    timings.peakRSS = RunTimings.peakResidentBytes()
                    try timings.write(to: path, fileSystem: context.fileSystem)
                }
                if let out {
                    try context.fileSystem.writeFile(out, Array(try session.saved(run).encoded()))
                    context.console.err("saved the plan to \(out); apply it with `accesspolicy apply \(out)`\n")
                }
                return run.plan.isEmpty ? .success : .changesPending
            }
        }
    }
}
