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

    /// The access's name in quotes (control characters escaped), or its id when the name is unknown.
    public var displayName: String {
        name.map { Escaped.quoted($0) } ?? Escaped.text(key.id)
    }

    /// The change in one line: `update ACCESS_PROFILE 2c91… "VPN Access" (item 4f1c…) CONFIRMED → DENIED
    /// (policies/vpn.yaml:3)`.
    public var summary: String {
        var text = "\(action.rawValue) \(key.type.rawValue) \(Escaped.text(key.id))"
        if let name { text += " \(Escaped.quoted(name))" }
        if let itemID { text += " (item \(Escaped.text(itemID)))" }
        text += " \(transition) (\(provenance))"
        if let reason { text += " # \(Escaped.text(reason))" }
        return text
    }
}

extension Plan.Summary {
    /// `2 to create, 3 to update, 40 unchanged, 5 unmanaged (ignored); 1 of the changes sets DENIED`.
    public func sentence(unmanagedMode: UnmanagedMode) -> String {
        let what: String =
            switch unmanagedMode {
            case .ignore: "ignored"
            case .report: "reported"
            case .deny: "denied unless already DENIED"
            }
        var text = "\(create) to create, \(update) to update, \(unchanged) unchanged, \(unmanaged) unmanaged (\(what))"
        if denied > 0 { text += "; \(denied) of the changes set\(denied == 1 ? "s" : "") DENIED" }
        if let drift { text += "; \(drift) of them drift" }
        return text
    }
}

/// How a guard breach reads in text and Markdown.
enum GuardText {
    static func line(_ breach: GuardBreach, colors: Bool = false) -> String {
        if let reason = breach.overrideReason {
            return "Guard \(breach.guardName) overridden: \(Escaped.text(breach.message)). Reason given: "
                + Escaped.text(reason)
        }
        let advice =
            GuardCheck.overridable.contains(breach.guardName)
            ? "apply will stop before writing (override with --allow-guard \(breach.guardName) --reason \"…\")"
            : "apply will stop before writing (remove the item from protected: in accesspolicy.yaml to allow it)"
        let text = "Guard \(breach.guardName): \(Escaped.text(breach.message)); \(advice)"
        return colors ? "\u{1B}[31m\(text)\u{1B}[0m" : text
    }
}

extension Plan {
    /// The summary sentence, with the access requests when the policy has rules for them.
    public var sentence: String {
        var text = summary.sentence(unmanagedMode: unmanagedMode)
        if let pendingRequests {
            let counts = RequestAction.Rule.allCases.map { "\(requestActionCount($0)) to \($0.verb)" }
            text += "; access requests: \(counts.joined(separator: ", ")) (\(pendingRequests) pending)"
        }
        return text
    }
}
