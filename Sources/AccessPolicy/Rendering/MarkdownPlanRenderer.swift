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
        let config = plan.configFile.map { "config `\(escape($0))`" } ?? "no config file"
        var head =
            "\(Self.marker)\n### accesspolicy plan for `\(escape(plan.tenant))` (API \(plan.apiVersion), \(config))\n\n"
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
            head +=
                "Of the changes, **\(drift)** \(drift == 1 ? "is" : "are") drift (the tenant differs from the merged policy).\n\n"
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

        // Every section shown gets its frame; rows share what is left (see `shares`). Sections whose frames
        // alone would take more than half the room (hundreds of files) are only counted.
        let footerReserve = 400
        let room = characterLimit - head.count - footerReserve
        var framed = 0
        var frameSize = 0
        for section in sections {
            // Sized as if cut, the longest it can get.
            let (open, close) = Self.frame(
                "\(section.title) (\(section.rows.count) shown)", section.header, cut: section.rows.count)
            let frame = open.count + close.count
            guard frameSize + frame <= room / 2 else { break }
            frameSize += frame
            framed += 1
        }
        let shown = Self.shares(of: sections.prefix(framed).map { $0.rows.map(\.count) }, budget: room - frameSize)

        var body = head
        var omitted = 0
        for (section, count) in zip(sections, shown) {
            let cut = section.rows.count - count
            let title = cut == 0 ? section.title : "\(section.title) (\(count) shown)"
            let (open, close) = Self.frame(title, section.header, cut: cut)
            body += open + section.rows.prefix(count).joined() + close
            omitted += cut
        }
        let unframed = sections.dropFirst(framed)
        if !unframed.isEmpty {
            let rows = unframed.map(\.rows.count).reduce(0, +)
            omitted += rows
            body += "**\(unframed.count) more section\(unframed.count == 1 ? "" : "s") (\(rows) rows) not shown.**\n\n"
        }
        if omitted > 0 {
            body += "**\(omitted) more row\(omitted == 1 ? "" : "s") not shown** to stay under GitHub's comment size "
            body += "limit; `accesspolicy plan --format json` has every change (the example workflows keep it as an "
            body += "artifact).\n"
        }
        return body
    }

    /// What goes before and after a collapsible section's rows; when rows were cut, a last row says how many.
    private static func frame(_ title: String, _ header: String, cut: Int) -> (open: String, close: String) {
        let note = cut > 0 ? "| … | \(cut) more row\(cut == 1 ? "" : "s") not shown | | | | |\n" : ""
        return ("<details><summary>\(title)</summary>\n\n\(header)", note + "\n</details>\n\n")
    }

    /// How many leading rows of each section fit in `budget` characters, handed out one row per section in
    /// turn: a cut plan still shows every file, not the first files whole and the rest not at all.
    static func shares(of rowSizes: [[Int]], budget: Int) -> [Int] {
        var shown = Array(repeating: 0, count: rowSizes.count)
        var remaining = budget
        var progressed = true
        while progressed {
            progressed = false
            for index in rowSizes.indices where shown[index] < rowSizes[index].count {
                let size = rowSizes[index][shown[index]]
                guard size <= remaining else { continue }
                remaining -= size
                shown[index] += 1
                progressed = true
            }
        }
        return shown
    }

    private func row(_ change: Change) -> String {
        "| \(change.symbol) | \(change.key.type) | \(escape(change.name ?? ""))\(note(change)) | "
            + "`\(escape(change.key.id))` | "
            + "\(change.transition) | \(escape(change.provenance))\(change.cause == .drift ? " (drift)" : "") |\n"
    }

    /// The entry's `reason:`, after the name. Unmanaged denials have their own section saying why.
    private func note(_ change: Change) -> String {
        guard let reason = change.reason, change.source != nil else { return "" }
        return " — _\(escape(reason))_"
    }

    /// In the same six columns as the changes: action, item type, item name, request id, who and age, rule.
    private func row(_ action: RequestAction) -> String {
        let request = action.request
        let who = "for \(request.requestedForName ?? "?"), by \(request.requesterName ?? "?"), \(action.ageDays) days"
        return "| \(action.rule.verb) | \(escape(request.itemType ?? "")) | \(escape(request.itemName ?? "")) | "
            + "`\(escape(request.requestID))` | \(escape(who)) | "
            + "\(escape("\(action.source.file):\(action.source.line)"))"
            + "\(action.awaitsCommonAccess ? " (\(RequestAction.awaitNote))" : "") |\n"
    }

    private func row(_ item: LiveItem) -> String {
        "| ? | \(item.access.type) | \(escape(item.access.name ?? "")) | `\(escape(item.access.id))` | "
            + "\(item.status) | no policy |\n"
    }

    /// Keeps names from breaking the table or injecting HTML into the comment; control characters become
    /// visible escapes.
    private func escape(_ text: String) -> String {
        var out = ""
        for character in Escaped.text(text.replacing("\n", with: " ").replacing("\r", with: " ")) {
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
