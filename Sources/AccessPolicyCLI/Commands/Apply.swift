import AccessPolicy
import ArgumentParser
import Foundation

extension AccessPolicyCommand {
    struct Apply: AccessPolicySubcommand {
        static let configuration = CommandConfiguration(
            abstract: "Plan, ask, then create and update until the tenant matches the policy.",
            discussion: """
                Exit code 0 when the tenant shows every change, 1 on errors or failed writes, \
                3 when a guard blocks the run, 4 when the tenant did not show the changes within --wait.
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions

        @Flag(help: "Apply without asking (CI). Without it, apply asks on the terminal and refuses when there is none.")
        var autoApprove = false

        @Option(help: "How long to wait for the tenant to show the changes (e.g. 30s, 2m).")
        var wait = WaitDuration(argument: "2m")!

        @Option(help: "Most item ids per update-status call.")
        var batchSize: Int?

        func validate() throws {
            if let batchSize, !(1...10_000).contains(batchSize) {
                throw ValidationError("--batch-size must be from 1 to 10000")
            }
        }

        func run(_ context: CommandContext) async throws -> ExitOutcome {
            let settings = try RunSettings(global, environment: context.environment)
            let policy = try PolicyLoader().load(directory: settings.policies)
            let console = context.console
            let format = output.format
            let options = Applier.Options(
                concurrency: settings.concurrency, batchSize: batchSize ?? settings.config.batchSize ?? 250,
                wait: wait.duration)
            let autoApprove = self.autoApprove
            return try await TenantConnection.with(settings, environment: context.environment, logger: context.logger) {
                client, label in
                let run = try await Planner(tenant: client, logger: context.logger, concurrency: settings.concurrency)
                    .plan(policy, options: .init(tenant: label, apiVersion: settings.apiVersion, unmanaged: settings.unmanaged))
                let plan = run.plan
                DiagnosticPrinter.printWarnings(plan.warnings, to: console)
                if format != .json { PlanPrinter(format: format, console: console).print(plan) }
                guard !plan.isEmpty else {
                    if format == .json { console.out(JSONPlanRenderer().render(plan, apply: ApplyReport.nothingToDo)) }
                    return .success
                }
                if !autoApprove {
                    guard console.stdinIsTTY else {
                        console.err("error: not asking for approval without a terminal; pass --auto-approve to apply\n")
                        return .failure
                    }
                    console.err("Apply \(plan.changes.count) change(s) to tenant \(label)? Only \"yes\" applies: ")
                    guard readLine()?.trimmingCharacters(in: .whitespaces) == "yes" else {
                        console.err("Apply cancelled; nothing was written.\n")
                        return .failure
                    }
                }
                let report = await Applier(tenant: client, logger: context.logger).apply(plan, options: options) {
                    event in
                    switch event {
                    case .wrote(let done, let total): console.progress("writing: \(done)/\(total) changes sent")
                    case .waiting(let pending): console.progress("waiting for the tenant: \(pending) change(s) not visible yet")
                    }
                }
                console.endProgress()
                switch format {
                case .json: console.out(JSONPlanRenderer().render(plan, apply: report))
                case .text, .markdown: console.out(ApplyReportRenderer().render(report, wait: wait.text))
                }
                if !report.failed.isEmpty || !report.notSent.isEmpty { return .failure }
                return report.converged ? .success : .notConverged
            }
        }
    }
}

extension ApplyReport {
    static var nothingToDo: ApplyReport {
        var report = ApplyReport()
        report.converged = true
        return report
    }
}
