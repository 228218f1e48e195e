import AccessPolicy

/// Prints a plan (and an apply report) in the chosen format on stdout.
struct PlanPrinter {
    var format: PlanFormat
    var console: any Console
    var colors: Bool

    func print(_ plan: Plan) {
        switch format {
        case .text: console.out(TextPlanRenderer(colors: colors).render(plan))
        case .json: console.out(JSONPlanRenderer().render(plan))
        case .markdown: console.out(MarkdownPlanRenderer().render(plan))
        }
    }
}
