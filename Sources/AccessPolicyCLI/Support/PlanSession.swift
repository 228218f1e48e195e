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
        settings = try RunSettings(global, environment: context.environment, fileSystem: context.fileSystem)
        DiagnosticPrinter.printWarnings(settings.config.warnings, to: context.console)
        let started = ContinuousClock.now
        let (loader, fileSystem) = (
            PolicyLoader(width: ProcessInfo.processInfo.activeProcessorCount), context.fileSystem
        )
        policy = try await loader.load(
            directory: settings.policies, fileSystem: fileSystem, allowEmpty: settings.allowEmptyPolicy)
        loadDuration = started.duration(to: .now)
        // Shown now, not with the plan: a warning may explain why planning then fails (a name with a space).
        DiagnosticPrinter.printWarnings(policy.warnings, to: context.console)
        if let basePolicies {
            // The merged policy may be empty: a first pull request adds the first files.
            base = try await loader.load(directory: basePolicies, fileSystem: fileSystem, allowEmpty: true)
        } else {
            base = nil
        }
        self.context = context
    }

    /// Opens the tenant for the length of `body`.
    func withTenant<T: Sendable>(_ body: @Sendable (ISCClient, String) async throws -> T) async throws -> T {
        try await TenantConnection.with(settings, context: context, body)
    }

    /// The planner for `client`.
    func planner(_ client: ISCClient) -> Planner {
        Planner(tenant: client, requests: client, logger: context.logger, concurrency: settings.concurrency)
    }

    /// A fresh plan, with its guard breaches.
    func plan(_ client: ISCClient, label: String) async throws -> PlannedRun {
        let run = try await planner(client).plan(policy, base: base, options: options(label))
        printWarnings(run)
        return run
    }

    /// The plan's warnings that were not shown already (the policy's are shown as soon as it is read).
    func printWarnings(_ run: PlannedRun) {
        DiagnosticPrinter.printWarnings(
            run.plan.warnings.filter { !policy.warnings.contains($0) }, to: context.console)
    }

    func options(_ label: String, overrides: [String: String] = [:]) -> Planner.Options {
        Planner.Options(
            tenant: label, apiVersion: settings.apiVersion, unmanaged: settings.unmanaged,
            protected: settings.config.protected, configFile: settings.config.file, guards: settings.config.guards,
            overrides: overrides)
    }

    /// What `plan --out` saves for `run`.
    func saved(_ run: PlannedRun) -> SavedPlan {
        SavedPlan(
            plan: run.plan, policy: policy, live: run.live, pending: run.pending, configDigest: settings.config.digest)
    }
}
