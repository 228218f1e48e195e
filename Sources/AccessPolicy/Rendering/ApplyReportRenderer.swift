/// Renders what apply did for people: a result line, then every change that failed, was not sent, or is
/// not visible yet — so a half-done run says exactly what is left.
public struct ApplyReportRenderer: Sendable {
    public init() {}

    /// - Parameter wait: how long apply waited, as the user wrote it, for the "still pending" line.
    public func render(_ report: ApplyReport, wait: String) -> String {
        let planned = report.written.count + report.failed.count + report.notSent.count + report.alreadyDone.count
        var out = "\nApplied \(report.written.count) of \(planned) change\(planned == 1 ? "" : "s") "
        let actions =
            report.requestsWritten.count + report.requestsFailed.count + report.requestsNotSent.count
            + report.requestsHeldBack.count
        if actions > 0 {
            out += "and \(report.requestsWritten.count) of \(actions) access-request action\(actions == 1 ? "" : "s") "
        }
        out += "in \(report.writeRequests) write request\(report.writeRequests == 1 ? "" : "s")."
        if !report.alreadyDone.isEmpty {
            let count = report.alreadyDone.count
            out += " \(count) \(count == 1 ? "was" : "were") already in place when apply began (another run or a "
            out += "person made \(count == 1 ? "it" : "them") since the plan) and not sent again."
        }
        if report.succeeded {
            out += " The tenant shows every change.\n"
            return out
        }
        out += "\n"
        if !report.failed.isEmpty {
            out += "\nFailed (\(report.failed.count)):\n"
            for failure in report.failed {
                out += "  \(line(failure.change))\n      \(Escaped.text(failure.error, keepingNewlines: true))\n"
            }
        }
        if !report.notSent.isEmpty {
            out += "\nNot sent, the run was interrupted (\(report.notSent.count)):\n"
            for change in report.notSent { out += "  \(line(change))\n" }
        }
        if !report.requestsFailed.isEmpty {
            out += "\nAccess-request actions that failed (\(report.requestsFailed.count)):\n"
            for failure in report.requestsFailed {
                out += "  \(line(failure.action))\n      \(Escaped.text(failure.error, keepingNewlines: true))\n"
            }
        }
        if !report.requestsNotSent.isEmpty {
            out += "\nAccess-request actions not sent, the run was interrupted (\(report.requestsNotSent.count)):\n"
            for action in report.requestsNotSent { out += "  \(line(action))\n" }
        }
        if !report.requestsHeldBack.isEmpty {
            out += "\nApprovals held back: the item they are for is not CONFIRMED in the tenant yet "
            out += "(\(report.requestsHeldBack.count)); the next apply sends them once it is:\n"
            for action in report.requestsHeldBack { out += "  \(line(action))\n" }
        }
        if !report.requestsPending.isEmpty {
            out += "\nAccess requests still pending after \(wait) (\(report.requestsPending.count)):\n"
            for action in report.requestsPending { out += "  \(line(action))\n" }
        }
        if !report.pending.isEmpty {
            out += "\nWritten but not visible in the tenant after \(wait) (\(report.pending.count)):\n"
            for change in report.pending { out += "  \(line(change))\n" }
            out += "Run plan again later to see whether the tenant caught up.\n"
        }
        return out
    }

    private func line(_ action: RequestAction) -> String {
        Escaped.text(
            "\(action.rule.verb) \(action.itemDescription) for \(action.request.requestedForName ?? "?") "
                + "request \(action.request.requestID)")
    }

    private func line(_ change: Change) -> String {
        "\(change.symbol) \(change.key.type) \(change.displayName) \(Escaped.text(change.key.id)) \(change.transition)  "
            + Escaped.text(change.provenance)
    }
}
