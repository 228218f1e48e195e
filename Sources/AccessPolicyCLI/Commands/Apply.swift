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
                blocks the run or the saved plan is stale, 4 when the tenant did not show the changes within --wait.
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions

        @Argument(help: "A plan saved with `plan --out FILE`; refused (exit 3) if the tenant or policy changed since.")
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
            let console = context.console
            // The file is checked before the tenant is read: a file that is not a sealed, complete plan stops here.
            let saved: SavedPlan?
            if let planFile {
                let bytes = try context.fileSystem.readFile(planFile, limit: Self.maxPlanBytes)
                do throws(SavedPlanError) {
                    saved = try SavedPlan.decode(Data(bytes))
                } catch {
                    console.err("error: refusing to apply \(planFile): \(error); nothing was written\n")
                    console.err("hint: run `accesspolicy plan --out FILE` again and review the new plan\n")
                    return .blocked
                }
            } else {
                saved = nil
            }
            let session = try await PlanSession(global, context: context)
            let overrides = Dictionary(allowedGuards.map { ($0, reason ?? "") }) { first, _ in first }
            let settings = session.settings
            let options = Applier.Options(
                concurrency: settings.concurrency, batchSize: batchSize ?? settings.config.batchSize ?? 250,
                wait: wait.duration)
            let (format, autoApprove, waitText) = (output.format, self.autoApprove, wait.text)
            return try await session.withTenant { client, label in
                var timings = RunTimings(load: session.loadDuration.seconds)
                // A saved plan is never applied as written: the plan is derived again, and applied only when
                // it makes exactly the writes the file records.
                let run = try await session.plan(client, label: label, overrides: overrides)
                timings.record(run)
                let plan = run.plan
                if let saved {
                    let problems = saved.differences(from: session.saved(run))
                    guard problems.isEmpty else {
                        console.err(
                            "error: refusing to apply the saved plan: it differs from what today's policy and "
                                + "tenant derive; nothing was written:\n")
                        for problem in problems { console.err("  - \(Escaped.text(problem))\n") }
                        console.err("hint: run `accesspolicy plan --out FILE` again and review the new plan\n")
                        return .blocked
                    }
                }
                if format != .json { PlanPrinter(format: format, console: console).print(plan) }
                guard !plan.isEmpty else {
                    if format == .json { console.out(JSONPlanRenderer().render(plan, apply: .nothingToDo)) }
                    return .success
                }
                guard !plan.isBlocked else {
                    if format == .json { console.out(JSONPlanRenderer().render(plan)) }
                    for breach in plan.guardBreaches where !breach.isOverridden {
                        console.err(
                            "error: blocked by guard \(breach.guardName): \(Escaped.text(breach.message)); nothing was "
                                + "written\n")
                    }
                    return .blocked
                }
                if !autoApprove {
                    guard console.stdinIsTTY else {
                        console.err("error: not asking for approval without a terminal; pass --auto-approve to apply\n")
                        return .failure
                    }
                    let requests =
                        plan.requestActions.isEmpty ? "" : " and \(plan.requestActions.count) access-request action(s)"
                    console.err(
                        "Apply \(plan.changes.count) change(s)\(requests) to tenant \(label)? Only \"yes\" applies: ")
                    guard readLine()?.trimmingCharacters(in: .whitespaces) == "yes" else {
                        console.err("Apply cancelled; nothing was written.\n")
                        return .failure
                    }
                }
                let applyStarted = ContinuousClock.now
                let applier = Applier(tenant: client, requests: client, logger: context.logger)
                let report = await InterruptTrap.trappingInterrupts(console: console) { stop in
                    await applier.apply(plan, options: options, stop: stop) { event in
                        switch event {
                        case .wrote(let done, let total): console.progress("writing: \(done)/\(total) changes sent")
                        case .waiting(let pending):
                            console.progress("waiting for the tenant: \(pending) change(s) not visible yet")
                        }
                    }
                }
                console.endProgress()
                if let path = settings.timingsFile {
                    timings.apply = applyStarted.duration(to: .now).seconds
                    timings.client = RunTimings.Client(await client.statistics())
                    timings.peakRSS = RunTimings.peakResidentBytes()
                    try timings.write(to: path, fileSystem: context.fileSystem)
                }
                switch format {
                case .json: console.out(JSONPlanRenderer().render(plan, apply: report))
                case .text, .markdown: console.out(ApplyReportRenderer().render(report, wait: waitText))
                }
                if report.interrupted {
                    let written = report.written.count + report.requestsWritten.count
                    let failed = report.failed.count + report.requestsFailed.count
                    let notSent = report.notSent.count + report.requestsNotSent.count
                    console.err(
                        "error: interrupted: \(written) accepted, \(failed) failed, "
                            + "\(notSent) not sent; the tenant was not re-read to check them; run "
                            + "`accesspolicy plan` to see what is left\n")
                    return .failure
                }
                if report.hasFailures { return .failure }
                return report.converged ? .success : .notConverged
            }
        }
    }
}

extension AccessPolicyCommand.Apply {
    /// The biggest saved plan read: far above a plan of 100,000 changes (about 60 MB).
    static let maxPlanBytes = 512 << 20
}

extension ApplyReport {
    static var nothingToDo: ApplyReport {
        var report = ApplyReport()
        report.converged = true
        return report
    }
}
