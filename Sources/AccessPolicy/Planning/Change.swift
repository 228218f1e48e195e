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
    /// The live status before the change; nil for creates.
    public var from: CommonAccessStatus?
    public var to: CommonAccessStatus
    /// The policy entry asking for it; nil when the change comes from `unmanaged: deny`.
    public var source: SourceLocation?
    public var reason: String?

    public init(
        action: Action, key: AccessKey, name: String? = nil, itemID: String? = nil, from: CommonAccessStatus? = nil,
        to: CommonAccessStatus, source: SourceLocation? = nil, reason: String? = nil
    ) {
        self.action = action
        self.key = key
        self.name = name
        self.itemID = itemID
        self.from = from
        self.to = to
        self.source = source
        self.reason = reason
    }

    /// True when no policy asked for this change: an unmanaged item denied by `unmanaged: deny`.
    public var isUnmanaged: Bool { source == nil }

    /// True when the change takes access away from "everyone has it": counted by the denial guards.
    public var isDenial: Bool { to == .denied }
}
