import AccessPolicy
import Foundation

/// What `apply` shows the person or CI job running it — the plan, the question, progress, the result — and the
/// exit code each outcome of the ``ApplyWorkflow`` maps to.
struct ApplyOutput: Sendable {
    var format: PlanFormat
    /// `--wait` as the user wrote it, for the "still pending" line.
    var wait: String
    var console: any Console
    var colors: Bool
    var autoApprove: Bool

    /// The plan, before anything is asked or written (JSON prints plan and result together at the end).
    func show(_ plan: Plan) {
        if format != .json { PlanPrinter(format: format, console: console, colors: colors).print(plan) }
    }

    /// Yes with `--auto-approve`; else only "yes" typed on a terminal. Without a terminal it refuses rather than
    /// hang a CI job that forgot the flag.
    func confirm(_ plan: Plan, tenant: String) -> Bool {
        if autoApprove { return true }
        guard console.stdinIsTTY else {
            console.err("error: not asking for approval without a terminal; pass --auto-approve to apply\n")
            return false
        }
        let requests = plan.requestActions.isEmpty ? "" : " and \(plan.requestActions.count) access-request action(s)"
        console.err("Apply \(plan.changes.count) change(s)\(requests) to tenant \(tenant)? Only \"yes\" applies: ")
        guard console.readAnswer()?.trimmingCharacters(in: .whitespaces) == "yes" else {
            console.err("Apply cancelled; nothing was written.\n")
            return false
        }
        return true
    }

    /// Progress lines on a terminal.
    var progress: @Sendable (Applier.Event) -> Void {
        let console = self.console
        return { event in
            switch event {
            case .wrote(let done, let total): console.progress("writing: \(done)/\(total) changes sent")
            case .waiting(let pending): console.progress("waiting for the tenant: \(pending) change(s) not visible yet")
            }
        }
    }

    /// Prints how the run ended and returns its exit code.
    func finish(_ outcome: ApplyWorkflow.Outcome) -> ExitOutcome {
        switch outcome {
        case .savedPlanDiffers(_, let problems):
            console.err(
                "error: refusing to apply the saved plan: it differs from what today's policy and tenant derive; "
                    + "nothing was written:\n")
            for problem in problems { console.err("  - \(Escaped.text(problem))\n") }
            console.err("hint: run `accesspolicy plan --out FILE` again and review the new plan\n")
            return .blocked
        case .noChanges(let run):
            if format == .json { console.out(JSONPlanRenderer().render(run.plan, apply: .nothingToDo)) }
            return .success
        case .blocked(let run):
            if format == .json { console.out(JSONPlanRenderer().render(run.plan)) }
            for breach in run.plan.guardBreaches where !breach.isOverridden {
                console.err(
                    "error: blocked by guard \(breach.guardName): \(Escaped.text(breach.message)); nothing was "
                        + "written\n")
            }
            return .blocked
        case .declined:
            return .failure
        case .applied(let run, let report):
            console.endProgress()
            switch format {
            case .json: console.out(JSONPlanRenderer().render(run.plan, apply: report))
            case .text, .markdown: console.out(ApplyReportRenderer().render(report, wait: wait))
            }
            if report.interrupted {
                let written = report.written.count + report.requestsWritten.count
                let failed = report.failed.count + report.requestsFailed.count
                let notSent = report.notSent.count + report.requestsNotSent.count
                console.err(
                    "error: interrupted: \(written) accepted, \(failed) failed, \(notSent) not sent; the tenant was "
                        + "not re-read to check them; run `accesspolicy plan` to see what is left\n")
                return .failure
            }
            if report.hasFailures { return .failure }
            return report.converged ? .success : .notConverged
        }
    }
}

/// How long apply's writes took, for `--timings`.
actor WriteDuration {
    private(set) var seconds: Double?

    func record(_ duration: Duration) { seconds = duration.seconds }
}

extension ApplyReport {
    static var nothingToDo: ApplyReport {
        var report = ApplyReport()
        report.converged = true
        return report
    }
}
