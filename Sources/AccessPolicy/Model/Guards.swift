public import YAMLTree

/// Limits that stop a run before its first write when a plan is bigger or more destructive than expected
/// (octoDNS-style thresholds). Nil means "no limit".
public struct Guards: Sendable, Hashable, Codable {
    /// Most creates plus updates in one run.
    public var maxChanges: Int?
    /// Most items a run may deny: CONFIRMED→DENIED flips plus new DENIED items.
    public var maxDenied: Int?
    /// Most denials as a percentage of the live items.
    public var maxDeniedPercent: Double?
    /// Most access requests one run may close (`closeStale`).
    public var maxClosed: Int?
    /// Most access requests one run may cancel (`cancel`).
    public var maxCancelled: Int?
    /// Most access requests one run may approve (`autoApprove`).
    public var maxApproved: Int?

    public init(
        maxChanges: Int? = nil, maxDenied: Int? = nil, maxDeniedPercent: Double? = nil, maxClosed: Int? = nil,
        maxCancelled: Int? = nil, maxApproved: Int? = nil
    ) {
        self.maxChanges = maxChanges
        self.maxDenied = maxDenied
        self.maxDeniedPercent = maxDeniedPercent
        self.maxClosed = maxClosed
        self.maxCancelled = maxCancelled
        self.maxApproved = maxApproved
    }
}

/// An item that apply must never flip to DENIED, whatever policy says (peribolos-style invariant).
public struct ProtectedItem: Sendable, Hashable, Codable {
    public var type: AccessType
    public var id: String?
    public var name: String?
    public var location: SourceLocation?

    public init(type: AccessType, id: String? = nil, name: String? = nil, location: SourceLocation? = nil) {
        self.type = type
        self.id = id
        self.name = name
        self.location = location
    }
}
