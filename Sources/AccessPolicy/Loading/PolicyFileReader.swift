import YAMLTree

/// Turns the YAML documents of one policy file into entries, reporting every problem it finds.
enum PolicyFileReader {
    static let topLevelKeys = ["commonAccess", "accessRequests"]
    static let entryKeys = ["type", "id", "name", "status", "reason"]

    static func read(_ documents: [YAMLNode], diagnostics: inout [Diagnostic]) -> (
        entries: [PolicyEntry], rules: [AccessRequestRules]
    ) {
        var entries: [PolicyEntry] = []
        var rules: [AccessRequestRules] = []
        for document in documents {
            if let scalar = document.scalar, scalar.isNull { continue }
            guard
                let root = MappingReader(
                    document, what: "a policy file", allowed: topLevelKeys, diagnostics: &diagnostics)
            else { continue }
            for item in root.list("commonAccess", diagnostics: &diagnostics) ?? [] {
                if let entry = entry(item, diagnostics: &diagnostics) { entries.append(entry) }
            }
            if let block = root.fields["accessRequests"]?.value, !(block.scalar?.isNull ?? false),
                let parsed = AccessRequestRulesReader.rules(block, diagnostics: &diagnostics)
            {
                rules.append(parsed)
            }
        }
        return (entries, rules)
    }

    private static func entry(_ node: YAMLNode, diagnostics: inout [Diagnostic]) -> PolicyEntry? {
        let what = "a commonAccess entry"
        guard let fields = MappingReader(node, what: what, allowed: entryKeys, diagnostics: &diagnostics) else {
            return nil
        }
        let errors = diagnostics.errorCount
        fields.requireAny(["type"], what: what, diagnostics: &diagnostics)
        fields.requireAny(["status"], what: what, diagnostics: &diagnostics)
        fields.requireAny(["id", "name"], what: what, diagnostics: &diagnostics)
        let type = fields.choice(
            "type", from: AccessType.policyValues.map(\.rawValue), noun: "type", diagnostics: &diagnostics)
        let status = fields.choice(
            "status", from: CommonAccessStatus.policyValues.map(\.rawValue), noun: "status", diagnostics: &diagnostics)
        let id = fields.accessID("id", diagnostics: &diagnostics)
        let name = fields.name("name", diagnostics: &diagnostics)
        let reason = fields.string("reason", diagnostics: &diagnostics)
        guard diagnostics.errorCount == errors, let type, let status else { return nil }
        return PolicyEntry(
            type: AccessType(rawValue: type.value), id: id?.value, name: name?.value,
            status: CommonAccessStatus(rawValue: status.value), reason: reason?.value, location: node.location)
    }
}
