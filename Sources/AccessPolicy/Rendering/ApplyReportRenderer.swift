/// Renders what apply did for people: a result line, then every change that failed, was not sent, or is
/// not visible yet — so a half-done run says exactly what is left.
public struct ApplyReportRenderer: Sendable {
    public init() {}

    /// - Parameter wait: how long apply waited, as the user wrote it, for the "still pending" line.
    public func render(_ report: ApplyReport, wait: String) -> String {
        let planned = report.written.count + report.failed.count + report.notSent.count
        var out = "\nApplied \(report.written.count) of \(planned) change\(planned == 1 ? "" : "s") "
        out += "in \(report.writeRequests) write request\(report.writeRequests == 1 ? "" : "s")."
        if report.succeeded {
            out += " The tenant shows every change.\n"
            return out
        }
        out += "\n"
        if !report.failed.isEmpty {
            out += "\nFailed (\(report.failed.count)):\n"
            for failure in report.failed { out += "  \(line(failure.change))\n      \(failure.error)\n" }
        }
        if !report.notSent.isEmpty {
            out += "\nNot sent, the run was interrupted (\(report.notSent.count)):\n"
            for change in report.notSent { out += "  \(line(change))\n" }
        }
        if !report.pending.isEmpty {
            out += "\nWritten but not visible in the tenant after \(wait) (\(report.pending.count)):\n"
            for change in report.pending { out += "  \(line(change))\n" }
            out += "Run plan again later to see whether the tenant caught up.\n"
        }
        return out
    }

    private func line(_ change: Change) -> String {
        "\(change.symbol) \(change.key.type) \(change.displayName) \(change.key.id) \(change.transition)  "
            + change.provenance
    }
}
