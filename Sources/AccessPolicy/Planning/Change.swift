public import YAMLTree

/// One write that apply would make.
public struct Change: Sendable, Hashable, Codable {
    public enum Action: String, Sendable, Hashable, Codable {
        /// In policy, not in the list: `POST /common-access` with the desired status.
        case create
        /// In the list with another status: part of a batched `update-status` call.
        case update
    }

    public var action: Action
    public var key: AccessKey
    /// The access's name, from the tenant or the policy, for people reading the plan.
    public var name: String?
    /// The common-access item id an update addresses; nil for creates.
    public var itemID: String?
    /// Why the change is needed, when the plan was compared with a base policy (`--base-policies`).
    public var cause: Cause?
    /// The live status before the change; nil for creates.
    public var from: CommonAccessStatus?
    public var to: CommonAccessStatus
    /// The policy entry asking for it; nil when the change comes from `unmanaged: deny`.
    public var source: SourceLocation?
    public var reason: String?

    /// Whether a change comes from the policy being reviewed, or from the tenant drifting away from the
    /// policy already merged (someone changed it by hand in the ISC UI).
    public enum Cause: String, Sendable, Hashable, Codable {
        /// The base policy does not ask for this change: the change under review does.
        case policyChange
        /// The base policy asks for it too: the tenant drifted from what is already merged.
        case drift
    }

    public init(
        action: Action, key: AccessKey, name: String? = nil, itemID: String? = nil, from: CommonAccessStatus? = nil,
        to: CommonAccessStatus, source: SourceLocation? = nil, reason: String? = nil, cause: Cause? = nil
    ) {
        self.action = action
        self.key = key
        self.name = name
        self.itemID = itemID
        self.from = from
        self.to = to
        self.source = source
        self.reason = reason
        self.cause = cause
    }

    /// True when no policy asked for this change: an unmanaged item denied by `unmanaged: deny`.
    public var isUnmanaged: Bool { source == nil }

    /// True when the change takes access away from "everyone has it": counted by the denial guards.
    public var isDenial: Bool { to == .denied }
}
