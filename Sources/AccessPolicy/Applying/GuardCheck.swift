/// A guard the plan goes over (DESIGN.md §3 "Guards").
public struct GuardBreach: Sendable, Hashable, Codable {
    /// `maxChanges`, `maxDenied`, `maxDeniedPercent` or `protected`: the name `--allow-guard` takes.
    public var guardName: String
    /// What the plan would do against what the guard allows, in words.
    public var message: String
    /// The items involved, for `protected`.
    public var items: [AccessKey]
    /// The reason given with `--allow-guard`, when the breach was overridden.
    public var overrideReason: String?

    public init(guardName: String, message: String, items: [AccessKey] = [], overrideReason: String? = nil) {
        self.guardName = guardName
        self.message = message
        self.items = items
        self.overrideReason = overrideReason
    }

    public var isOverridden: Bool { overrideReason != nil }
}

/// Checks a plan against the config's guards and protected items, before anything is written.
public enum GuardCheck {
    /// The guards that can be overridden with `--allow-guard`. `protected` cannot: to deny a protected
    /// item, remove it from `protected:` in a reviewed change.
    public static let overridable = Guards.names

    /// Every breach, with the given overrides (guard name → reason) applied. Protected items are matched by the
    /// keys the plan found for them in the tenant (``Plan/protectedKeys``).
    public static func evaluate(_ plan: Plan, guards: Guards, overrides: [String: String] = [:]) -> [GuardBreach] {
        var breaches: [GuardBreach] = []
        let changes = plan.summary.changes
        let denied = plan.summary.liveDenied
        if let limit = guards.maxChanges, changes > limit {
            breaches.append(
                GuardBreach(guardName: "maxChanges", message: "\(changes) changes, over maxChanges \(limit)"))
        }
        if let limit = guards.maxDenied, denied > limit {
            breaches.append(
                GuardBreach(
                    guardName: "maxDenied", message: "\(denied) live items to DENIED, over maxDenied \(limit)"))
        }
        if let limit = guards.maxDeniedPercent, denied > 0 {
            let percent = Double(denied) * 100 / Double(max(plan.liveCount, 1))
            if percent > limit {
                breaches.append(
                    GuardBreach(
                        guardName: "maxDeniedPercent",
                        message: "\(denied) of \(plan.liveCount) live items to DENIED (\(format(percent))%), "
                            + "over maxDeniedPercent \(format(limit))%"))
            }
        }
        for (name, limit, rule) in [
            ("maxClosed", guards.maxClosed, RequestAction.Rule.closeStale),
            ("maxCancelled", guards.maxCancelled, .cancel),
            ("maxApproved", guards.maxApproved, .autoApprove),
        ] {
            let count = plan.requestActionCount(rule)
            if let limit, count > limit {
                let requests = Set(plan.requestActions.filter { $0.rule == rule }.map(\.request.requestID)).count
                breaches.append(
                    GuardBreach(
                        guardName: name,
                        message: "\(count) requested item\(count == 1 ? "" : "s") (in \(requests) access "
                            + "request\(requests == 1 ? "" : "s")) to \(rule.verb), over \(name) \(limit)"))
            }
        }
        let protected = Set(plan.protectedKeys)
        let hits = plan.changes.filter { $0.to == .denied && protected.contains($0.key) }
        if !hits.isEmpty {
            let names = hits.map { "\($0.key.type) \($0.displayName)" }.joined(separator: ", ")
            breaches.append(
                GuardBreach(
                    guardName: "protected", message: "would set protected item(s) to DENIED: \(names)",
                    items: hits.map(\.key)))
        }
        for index in breaches.indices where overridable.contains(breaches[index].guardName) {
            breaches[index].overrideReason = overrides[breaches[index].guardName]
        }
        return breaches
    }

    private static func format(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}
