import YAMLTree

/// Reads an `accessRequests:` block with located diagnostics, like the commonAccess entries.
enum AccessRequestRulesReader {
    static let ruleKeys = ["closeStale", "cancel", "autoApprove"]

    static func rules(_ node: YAMLNode, diagnostics: inout [Diagnostic]) -> AccessRequestRules? {
        guard
            let fields = MappingReader(node, what: "accessRequests", allowed: ruleKeys, diagnostics: &diagnostics)
        else { return nil }
        let before = diagnostics.count
        var rules = AccessRequestRules(location: node.location)
        if let rule = present(fields, "closeStale") { rules.closeStale = closeStale(rule, diagnostics: &diagnostics) }
        if let rule = present(fields, "cancel") { rules.cancel = cancel(rule, diagnostics: &diagnostics) }
        if let rule = present(fields, "autoApprove") {
            rules.autoApprove = autoApprove(rule, diagnostics: &diagnostics)
        }
        return diagnostics.count == before ? rules : nil
    }

    private static func present(_ fields: MappingReader, _ key: String) -> YAMLNode? {
        guard let node = fields.fields[key]?.value, !(node.scalar?.isNull ?? false) else { return nil }
        return node
    }

    private static func closeStale(_ node: YAMLNode, diagnostics: inout [Diagnostic]) -> AccessRequestRules.CloseStale?
    {
        let what = "closeStale"
        guard
            let fields = MappingReader(
                node, what: what, allowed: ["olderThan", "message", "executionStatus", "completionStatus"],
                diagnostics: &diagnostics)
        else { return nil }
        let before = diagnostics.count
        fields.requireAny(["olderThan"], what: what, diagnostics: &diagnostics)
        let age = self.age(fields, diagnostics: &diagnostics)
        let message = fields.string("message", diagnostics: &diagnostics)
        let execution = fields.choice(
            "executionStatus", from: CloseAccessRequests.ExecutionStatus.allCases.map(\.rawValue),
            noun: "executionStatus", diagnostics: &diagnostics)
        let completion = fields.choice(
            "completionStatus", from: CloseAccessRequests.CompletionStatus.allCases.map(\.rawValue),
            noun: "completionStatus", diagnostics: &diagnostics)
        guard diagnostics.count == before, let age else { return nil }
        return AccessRequestRules.CloseStale(
            olderThan: age, message: message?.value ?? "Closed by policy: pending over \(age)",
            executionStatus: execution.flatMap { CloseAccessRequests.ExecutionStatus(rawValue: $0.value) }
                ?? .terminated,
            completionStatus: completion.flatMap { CloseAccessRequests.CompletionStatus(rawValue: $0.value) }
                ?? .failure,
            location: node.location)
    }

    private static func cancel(_ node: YAMLNode, diagnostics: inout [Diagnostic]) -> AccessRequestRules.Cancel? {
        let what = "cancel"
        guard
            let fields = MappingReader(
                node, what: what, allowed: ["olderThan", "beforeApproval", "comment"], diagnostics: &diagnostics)
        else { return nil }
        let before = diagnostics.count
        fields.requireAny(["olderThan"], what: what, diagnostics: &diagnostics)
        fields.requireAny(["comment"], what: what, diagnostics: &diagnostics)
        let age = self.age(fields, diagnostics: &diagnostics)
        // Accepted for clarity, but only as true: ISC cancels a request only before its approval step passes.
        if fields.boolean("beforeApproval", diagnostics: &diagnostics) == false,
            let value = fields.fields["beforeApproval"]?.value
        {
            diagnostics.append(
                Diagnostic(
                    at: value.location, "cancel cannot act after approval: ISC refuses to cancel a request past it",
                    hint: "remove beforeApproval (it is always true); closeStale closes requests past approval"))
        }
        let comment = fields.string("comment", diagnostics: &diagnostics)
        guard diagnostics.count == before, let age, let comment else { return nil }
        return AccessRequestRules.Cancel(olderThan: age, comment: comment.value, location: node.location)
    }

    private static func autoApprove(_ node: YAMLNode, diagnostics: inout [Diagnostic])
        -> AccessRequestRules.AutoApprove?
    {
        let what = "autoApprove"
        guard
            let fields = MappingReader(
                node, what: what, allowed: ["commonAccess", "comment"], diagnostics: &diagnostics)
        else { return nil }
        let before = diagnostics.count
        fields.requireAny(["commonAccess"], what: what, diagnostics: &diagnostics)
        fields.requireAny(["comment"], what: what, diagnostics: &diagnostics)
        // Only CONFIRMED: approving requests for access policy denies is exactly what must never happen.
        _ = fields.choice("commonAccess", from: ["CONFIRMED"], noun: "commonAccess status", diagnostics: &diagnostics)
        let comment = fields.string("comment", diagnostics: &diagnostics)
        guard diagnostics.count == before, let comment else { return nil }
        return AccessRequestRules.AutoApprove(comment: comment.value, location: node.location)
    }

    private static func age(_ fields: MappingReader, diagnostics: inout [Diagnostic]) -> RuleAge? {
        guard let (text, location) = fields.string("olderThan", diagnostics: &diagnostics) else { return nil }
        guard let age = RuleAge(text) else {
            diagnostics.append(
                Diagnostic(
                    at: location, "olderThan \"\(text)\" is not an age",
                    hint: "write a whole number of hours, days or weeks, e.g. 12h, 30d or 2w"))
            return nil
        }
        return age
    }
}
