/// Checks across entries and files: the same item declared twice, or given two different statuses.
enum PolicyChecks {
    /// Entries are compared by key when they have an id, else by (type, name).
    static func conflicts(in entries: [PolicyEntry]) -> [Diagnostic] {
        var first: [String: PolicyEntry] = [:]
        var diagnostics: [Diagnostic] = []
        for entry in entries {
            let identity =
                entry.id.map { "\(entry.type)\u{0}id\u{0}\($0)" } ?? "\(entry.type)\u{0}name\u{0}\(entry.name ?? "")"
            guard let earlier = first[identity] else {
                first[identity] = entry
                continue
            }
            diagnostics.append(conflict(entry, earlier: earlier))
        }
        return diagnostics
    }

    /// The diagnostic for `entry` repeating `earlier` (same status) or contradicting it.
    static func conflict(_ entry: PolicyEntry, earlier: PolicyEntry) -> Diagnostic {
        if entry.status == earlier.status {
            return Diagnostic(
                at: entry.location, "\(entry.label) is declared twice",
                notes: [.init(location: earlier.location, message: "first declared here")],
                hint: "keep one of the two entries")
        }
        return Diagnostic(
            at: entry.location, "\(entry.label) is \(entry.status) here but \(earlier.status) at \(earlier.location)",
            notes: [.init(location: earlier.location, message: "declared \(earlier.status) here")],
            hint: "an item has one status; remove one of the entries")
    }
}
