/// The output formats of `plan` and `apply` (DESIGN.md §3).
public enum PlanFormat: String, Sendable, Hashable, CaseIterable, Codable {
    /// For people at a terminal: aligned `+`/`~`/`-` rows, colored only on a TTY.
    case text
    /// For programs: a versioned schema (docs/plan-format.md); nothing else on stdout.
    case json
    /// For pull-request comments: a summary table and collapsible details, under GitHub's size limit.
    case markdown
}
