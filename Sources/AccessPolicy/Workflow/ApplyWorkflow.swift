/// Plan-then-apply as one operation, like Terraform's backend "apply" operation behind its command: derive the
/// plan, hold a saved plan against it, stop at a guard, ask, write, wait for the tenant, report.
///
/// Every decision that keeps a run from writing what was not reviewed lives here, so it is unit-tested against
/// the in-memory tenant; the command line supplies the prompt, the signal handling around the writes and the
/// output, and maps the ``Outcome`` to an exit code.
public struct ApplyWorkflow: Sendable {
    public var planner: Planner
    public var applier: Applier

    public init(planner: Planner, applier: Applier) {
        self.planner = planner
        self.applier = applier
    }

    /// What to apply and how.
    public struct Request: Sendable {
        public var policy: PolicySet
        public var options: Planner.Options
        /// A plan saved by `plan --out`: applied only when today's derivation makes exactly its writes.
        public var saved: SavedPlan?
        /// The config file's digest, which a saved plan must have been made with.
        public var configDigest: String?
        public var applyOptions: Applier.Options

        public init(
            policy: PolicySet, options: Planner.Options, saved: SavedPlan? = nil, configDigest: String? = nil,
            applyOptions: Applier.Options = .init()
        ) {
            self.policy = policy
            self.options = options
            self.saved = saved
            self.configDigest = configDigest
            self.applyOptions = applyOptions
        }
    }

    /// How a run ended. Nothing is written in any case but ``applied(_:_:)``.
    public enum Outcome: Sendable {
        /// The tenant already shows the policy.
        case noChanges(PlannedRun)
        /// The saved plan is not what today's policy, config and tenant derive; each difference in words.
        case savedPlanDiffers(PlannedRun, [String])
        /// A guard stops the run: the plan's ``Plan/guardBreaches`` say which.
        case blocked(PlannedRun)
        /// The confirmation was not given.
        case declined(PlannedRun)
        /// Writes were sent; the report says what became of each.
        case applied(PlannedRun, ApplyReport)
    }

    /// Runs around the writes: the command line traps Ctrl-C, SIGTERM and SIGHUP there (and only there: before
    /// it nothing is written, so the default, immediate exit is right) and hands the body a stop to request.
    public typealias WriteScope = @Sendable (_ writes: @Sendable (ApplyStop) async -> ApplyReport) async -> ApplyReport

    /// - Parameters:
    ///   - planned: called once the plan is made and found to be the saved one (if any), before any question:
    ///     the command line shows it there.
    ///   - confirm: asked before the first write, unless nothing is to be written or a guard stops the run.
    ///   - writeScope: wraps the writes (signal handling); by default they run with a stop nobody requests.
    ///   - progress: the applier's progress, for a terminal.
    /// - Throws: what planning throws (located ``PolicyErrors``, the tenant's errors): nothing was written.
    public func run(
        _ request: Request,
        planned: @Sendable (PlannedRun) async -> Void = { _ in },
        confirm: @Sendable (Plan) async -> Bool,
        writeScope: WriteScope = { writes in await writes(ApplyStop()) },
        progress: (@Sendable (Applier.Event) -> Void)? = nil
    ) async throws -> Outcome {
        let run = try await planner.plan(request.policy, options: request.options)
        if let saved = request.saved {
            let today = SavedPlan(
                plan: run.plan, policy: request.policy, live: run.live, pending: run.pending,
                configDigest: request.configDigest)
            let problems = saved.differences(from: today)
            guard problems.isEmpty else { return .savedPlanDiffers(run, problems) }
        }
        await planned(run)
        guard !run.plan.isEmpty else { return .noChanges(run) }
        guard !run.plan.isBlocked else { return .blocked(run) }
        guard await confirm(run.plan) else { return .declined(run) }
        let (applier, plan, options) = (self.applier, run.plan, request.applyOptions)
        let report = await writeScope { stop in
            await applier.apply(plan, options: options, stop: stop, progress: progress)
        }
        return .applied(run, report)
    }
}
