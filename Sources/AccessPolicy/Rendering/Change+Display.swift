import YAMLTree

/// Words and symbols shared by the renderers, so text, Markdown and JSON describe a change the same way.
extension Change {
    /// `+` create, `~` status change asked for by policy, `-` an unmanaged item being denied.
    public var symbol: String {
        switch action {
        case .create: "+"
        case .update: isUnmanaged ? "-" : "~"
        }
    }

    /// `CONFIRMED` for a create, `CONFIRMED → DENIED` for an update.
    public var transition: String {
        if let from { return "\(from) → \(to)" }
        return "\(to)"
    }

    /// Where the change comes from: `policies/eng.yaml:12`, or `unmanaged` for `unmanaged: deny`.
    public var provenance: String {
        source.map { "\($0.file):\($0.line)" } ?? "unmanaged"
    }

    /// The access's name in quotes, or its id when the name is unknown.
    public var displayName: String {
        name.map { "\"\($0)\"" } ?? key.id
    }
}

extension Plan.Summary {
    /// `2 to create, 3 to update (1 to deny), 40 unchanged, 5 unmanaged (ignored)`.
    public func sentence(unmanagedMode: UnmanagedMode) -> String {
        var parts = ["\(create) to create", "\(update) to update"]
        if denied > 0 { parts[1] += " (\(denied) to deny)" }
        parts.append("\(unchanged) unchanged")
        let what: String =
            switch unmanagedMode {
            case .ignore: "ignored"
            case .report: "reported"
            case .deny: "denied unless already DENIED"
            }
        parts.append("\(unmanaged) unmanaged (\(what))")
        return parts.joined(separator: ", ")
    }
}
