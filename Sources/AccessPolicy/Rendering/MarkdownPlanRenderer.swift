import YAMLTree

/// Renders a plan as a pull-request comment: a summary table, then one collapsible section per policy file
/// with a row per change and its `file:line`. Stays under GitHub's 65,536-character comment limit by
/// cutting rows and saying how many were cut.
public struct MarkdownPlanRenderer: Sendable {
    /// GitHub rejects comment bodies over 65,536 characters; the default leaves room for a workflow's own
    /// header and footer.
    public var characterLimit: Int
    /// Put first, so a workflow can find and update its own comment instead of adding a new one.
    public static let marker = "<!-- accesspolicy-plan -->"

    public init(characterLimit: Int = 60_000) {
        self.characterLimit = characterLimit
    }

    public func render(_ plan: Plan) -> String {
        var head = "\(Self.marker)\n### accesspolicy plan for `\(escape(plan.tenant))` (API \(plan.apiVersion))\n\n"
        head += plan.isEmpty ? "**No changes.** The tenant matches the policy.\n\n" : ""
        head += "| | count |\n|---|---:|\n"
        head += "| ➕ create | \(plan.summary.create) |\n"
        head += "| 🔁 update | \(plan.summary.update) |\n"
        head += "| ⛔ of which to DENIED | \(plan.summary.denied) |\n"
        head += "| unchanged | \(plan.summary.unchanged) |\n"
        head += "| unmanaged (\(plan.unmanagedMode.rawValue)) | \(plan.summary.unmanaged) |\n"
        head += "| live items | \(plan.liveCount) |\n"
        if let pending = plan.pendingRequests {
            head += "| access requests pending | \(pending) |\n"
            for rule in RequestAction.Rule.allCases {
                head += "| access requests to \(rule.verb) | \(plan.requestActionCount(rule)) |\n"
            }
        }
        head += "\n"
        if let drift = plan.summary.drift {
            head += "Of the changes, **\(drift)** are drift (the tenant differs from the merged policy).\n\n"
        }
        for breach in plan.guardBreaches {
            head += "> \(breach.isOverridden ? "⚠️" : "🛑") \(escape(GuardText.line(breach)))\n"
        }
        if !plan.guardBreaches.isEmpty { head += "\n" }
        for warning in plan.warnings {
            head +=
                "> ⚠️ \(escape(warning.location.map { "\($0.file):\($0.line): " } ?? ""))\(escape(warning.message))\n"
        }
        if !plan.warnings.isEmpty { head += "\n" }

        let table = "| | type | name | id | status | source |\n|---|---|---|---|---|---|\n"
        let requestTable = "| action | type | item | request | for, by, age | rule |\n|---|---|---|---|---|---|\n"
        var sections: [(title: String, header: String, rows: [String])] = []
        var byFile: [String: [Change]] = [:]
        for change in plan.changes { byFile[change.source?.file ?? "", default: []].append(change) }
        // Policy files in order, then the unmanaged items that `unmanaged: deny` denies.
        for file in byFile.keys.sorted(by: { ($0.isEmpty ? 1 : 0, $0) < ($1.isEmpty ? 1 : 0, $1) }) {
            let changes = byFile[file] ?? []
            let title = file.isEmpty ? "unmanaged items denied (unmanaged: deny)" : "<code>\(escape(file))</code>"
            sections.append(
                ("\(title): \(changes.count) change\(changes.count == 1 ? "" : "s")", table, changes.map(row)))
        }
        if plan.unmanagedMode == .report && !plan.unmanaged.isEmpty {
            sections.append(
                ("unmanaged items (reported, not changed): \(plan.unmanaged.count)", table, plan.unmanaged.map(row)))
        }

        if !plan.requestActions.isEmpty {
            sections.append(
                ("access requests: \(plan.requestActions.count) to act on", requestTable, plan.requestActions.map(row)))
        }

        let footerReserve = 200
        var body = head
        var omitted = 0
        for section in sections {
            let open = "<details><summary>\(section.title)</summary>\n\n" + section.header
            let close = "\n</details>\n\n"
            guard body.count + open.count + close.count + footerReserve < characterLimit else {
                omitted += section.rows.count
                continue
            }
            body += open
            for (index, row) in section.rows.enumerated() {
                guard body.count + row.count + close.count + footerReserve < characterLimit else {
                    omitted += section.rows.count - index
                    break
                }
                body += row
            }
            body += close
        }
        if omitted > 0 {
            body += "**\(omitted) more row\(omitted == 1 ? "" : "s") not shown** to stay under GitHub's comment size "
            body += "limit; the full plan is in the job log (`--format json`).\n"
        }
        return body
    }

    private func row(_ change: Change) -> String {
        "| \(change.symbol) | \(change.key.type) | \(escape(change.name ?? "")) | `\(escape(change.key.id))` | "
            + "\(change.transition) | \(escape(change.provenance))\(change.cause == .drift ? " (drift)" : "") |\n"
    }

    /// In the same six columns as the changes: action, item type, item name, request id, who and age, rule.
    private func row(_ action: RequestAction) -> String {
        let request = action.request
        let who = "for \(request.requestedForName ?? "?"), by \(request.requesterName ?? "?"), \(action.ageDays) days"
        return "| \(action.rule.verb) | \(escape(request.itemType ?? "")) | \(escape(request.itemName ?? "")) | "
            + "`\(escape(request.requestID))` | \(escape(who)) | "
            + "\(escape("\(action.source.file):\(action.source.line)")) |\n"
    }

    private func row(_ item: LiveItem) -> String {
        "| ? | \(item.access.type) | \(escape(item.access.name ?? "")) | `\(escape(item.access.id))` | "
            + "\(item.status) | no policy |\n"
    }

    /// Keeps names from breaking the table or injecting HTML into the comment.
    private func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "|": out += "\\|"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "`": out += "'"
            case "\n", "\r": out += " "
            case "*", "_", "[", "]", "\\": out += "\\\(character)"
            default: out.append(character)
            }
        }
        return out
    }
}
