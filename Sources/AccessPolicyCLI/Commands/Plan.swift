import AccessPolicy
import ArgumentParser

extension AccessPolicyCommand {
    struct Plan: AccessPolicySubcommand {
        static let configuration = CommandConfiguration(
            abstract: "Show what apply would change. Never writes to the tenant.",
            discussion: "Exit code 0 when there is nothing to change, 2 when there are changes, 1 on errors.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions

        func run(_ context: CommandContext) async throws -> ExitOutcome {
            let settings = try RunSettings(global, environment: context.environment)
            let policy = try PolicyLoader().load(directory: settings.policies)
            let format = output.format
            return try await TenantConnection.with(settings, environment: context.environment, logger: context.logger) {
                client, label in
                let run = try await Planner(tenant: client, logger: context.logger, concurrency: settings.concurrency)
                    .plan(policy, options: .init(tenant: label, apiVersion: settings.apiVersion, unmanaged: settings.unmanaged))
                DiagnosticPrinter.printWarnings(run.plan.warnings, to: context.console)
                PlanPrinter(format: format, console: context.console).print(run.plan)
                return run.plan.isEmpty ? .success : .changesPending
            }
        }
    }
}
