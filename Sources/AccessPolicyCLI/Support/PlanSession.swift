import AccessPolicy
import Foundation
import ISCClient

/// The steps `plan` and `apply` share: read settings and policy (before any network), open the tenant,
/// plan against it, and check the guards.
struct PlanSession {
    var settings: RunSettings
    var policy: PolicySet
    var base: PolicySet?
    var context: CommandContext
    /// How long reading and checking the policy files took.
    var loadDuration: Duration

    init(_ global: GlobalOptions, basePolicies: String? = nil, context: CommandContext) async throws {
        settings = try RunSettings(global, environment: context.environment)
        let started = ContinuousClock.now
        policy = try await PolicyLoader().load(directory: settings.policies)
        loadDuration = started.duration(to: .now)
        if let basePolicies {
            base = try await PolicyLoader().load(directory: basePolicies)
        } else {
            base = nil
        }
        self.context = context
    }

    /// Opens the tenant for the length of `body`.
    func withTenant<T: Sendable>(_ body: @Sendable (ISCClient, String) async throws -> T) async throws -> T {
        try await TenantConnection.with(settings, console: context.console, logger: context.logger, body)
    }

    /// A fresh plan with its guard breaches.
    func plan(_ client: ISCClient, label: String, overrides: [String: String] = [:]) async throws -> PlannedRun {
        var run = try await Planner(
            tenant: client, requests: client, logger: context.logger, concurrency: settings.concurrency
        )
        .plan(policy, base: base, options: options(label))
        run.plan.guardBreaches = guardBreaches(run.plan, overrides: overrides)
        DiagnosticPrinter.printWarnings(run.plan.warnings, to: context.console)
        return run
    }

    func options(_ label: String) -> Planner.Options {
        Planner.Options(tenant: label, apiVersion: settings.apiVersion, unmanaged: settings.unmanaged)
    }

    func guardBreaches(_ plan: AccessPolicy.Plan, overrides: [String: String]) -> [GuardBreach] {
        GuardCheck.evaluate(
            plan, guards: settings.config.guards, protected: settings.config.protected, overrides: overrides)
    }
}
