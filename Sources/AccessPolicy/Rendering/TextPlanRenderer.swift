import YAMLTree

/// Renders a plan for a terminal: one aligned row per change with its provenance, then a summary line.
public struct TextPlanRenderer: Sendable {
    /// ANSI colors; the caller decides (TTY and no `NO_COLOR`).
    public var colors: Bool

    public init(colors: Bool = false) {
        self.colors = colors
    }

    public func render(_ plan: Plan) -> String {
        let config = plan.configFile.map { "config \(Escaped.text($0))" } ?? "no config file"
        var out =
            "Plan for tenant \(Escaped.text(plan.tenant)) (API \(plan.apiVersion), \(config)): "
            + "\(plan.liveCount) live items\n"
        if plan.summary.drift != nil {
            for (title, cause) in [
                ("Asked for by the policy change:", Change.Cause.policyChange),
                ("Drift (the tenant differs from the merged policy):", .drift),
            ] {
                let changes = plan.changes.filter { $0.cause == cause }
                guard !changes.isEmpty else { continue }
                out += "\n\(title)\n" + rows(changes.map(row)).joined(separator: "\n") + "\n"
            }
        } else if !plan.changes.isEmpty {
            out += "\n" + rows(plan.changes.map(row)).joined(separator: "\n") + "\n"
        }
        if plan.unmanagedMode == .report && !plan.unmanaged.isEmpty {
            out += "\nUnmanaged items (no policy mentions them):\n"
            out +=
                rows(
                    plan.unmanaged.map { item in
                        [
                            "?", item.access.type.rawValue, item.access.name.map { "\"\($0)\"" } ?? "", item.access.id,
                            item.status.rawValue, "item \(item.id)", "",
                        ]
                    }
                ).joined(separator: "\n") + "\n"
        }
        if let pending = plan.pendingRequests {
            out += "\nAccess requests: \(pending) pending"
            out += plan.requestActions.isEmpty ? ", none to act on\n" : ":\n"
            out +=
                rows(plan.requestActions.map(row)).joined(separator: "\n") + (plan.requestActions.isEmpty ? "" : "\n")
        }
        out += "\n"
        out += plan.isEmpty ? "No changes. " : ""
        out += paint("Plan: \(plan.sentence).", bold: true) + "\n"
        for breach in plan.guardBreaches {
            out += "\n" + GuardText.line(breach, colors: colors) + "\n"
        }
        return out
    }

    private func row(_ action: RequestAction) -> [String] {
        let request = action.request
        return [
            action.rule.verb, action.itemDescription, "for \(request.requestedForName ?? "?")",
            "by \(request.requesterName ?? "?")", "\(action.ageDays) days", "request \(request.requestID)",
            "\(action.source.file):\(action.source.line) (\(action.rule.rawValue))"
                + (action.awaitsCommonAccess ? ", \(RequestAction.awaitNote)" : ""),
        ]
    }

    private func row(_ change: Change) -> [String] {
        [
            change.symbol, change.key.type.rawValue, change.name.map { "\"\($0)\"" } ?? "", change.key.id,
            change.transition, change.provenance, change.reason.map { "# \($0)" } ?? "",
        ]
    }

    /// Pads each column to its widest cell (names capped so one long name does not push everything right).
    /// Every cell is escaped first: names, ids and statuses come from the tenant, and a control character in
    /// one must not reach the terminal.
    private func rows(_ cells: [[String]]) -> [String] {
        let cells = cells.map { $0.map { Escaped.text($0) } }
        let columns = cells.first?.count ?? 0
        let widths = (0..<columns).map { column in
            min(column == 2 ? 48 : 80, cells.map { $0[column].count }.max() ?? 0)
        }
        return cells.map { row in
            var line = "  "
            for (column, cell) in row.enumerated() {
                let text =
                    column == 2 && cell.count > widths[column] ? String(cell.prefix(widths[column] - 1)) + "…" : cell
                let padded = column == columns - 1 ? text : text.padding(toLength: widths[column])
                line += (column == 0 ? color(padded, for: row[0]) : padded) + (column == columns - 1 ? "" : "  ")
            }
            while line.last == " " { line.removeLast() }
            return line
        }
    }

    private func color(_ text: String, for symbol: String) -> String {
        guard colors else { return text }
        let code =
            switch symbol {
            case "+": "32"
            case "~": "33"
            case "-": "31"
            default: "36"
            }
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }

    private func paint(_ text: String, bold: Bool) -> String {
        colors && bold ? "\u{1B}[1m\(text)\u{1B}[0m" : text
    }
}

extension String {
    func padding(toLength length: Int) -> String {
        count >= length ? self : self + String(repeating: " ", count: length - count)
    }
}
