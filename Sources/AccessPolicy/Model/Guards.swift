public import YAMLTree

/// Limits that stop a run before its first write when a plan is bigger or more destructive than expected
/// (octoDNS-style thresholds). Nil means "no limit".
///
/// On by default (``defaults``): a tool that can deny common access across a tenant must not need a setting
/// to stop doing so by mistake. Each can be raised, or turned off with `off`, in `accesspolicy.yaml`.
public struct Guards: Sendable, Hashable, Codable {
    /// Most creates plus updates in one run.
    public var maxChanges: Int?
    /// Most live items a run may set to DENIED (items on the list that are not DENIED yet). New items created
    /// as DENIED are not counted: they take nothing away from anyone.
    public var maxDenied: Int?
    /// Most live items set to DENIED, as a percentage of the items the tenant lists.
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

    /// What applies when the config does not say: stops `unmanaged: deny` on a tenant with many unmanaged items
    /// and a policy change that denies a large share of the tenant, and lets a first adoption through (creates
    /// are not denials, and `maxChanges` is off). Bulk access-request actions are capped too.
    public static let defaults = Guards(
        maxDenied: 25, maxDeniedPercent: 10, maxClosed: 100, maxCancelled: 100, maxApproved: 100)

    /// The keys of `guards:` in the config, also the names `--allow-guard` takes.
    public static let names = [
        "maxChanges", "maxDenied", "maxDeniedPercent", "maxClosed", "maxCancelled", "maxApproved",
    ]

    /// Reads `guards:`: each key a limit, or `off`; keys not given keep their default.
    mutating func read(_ fields: MappingReader, diagnostics: inout [Diagnostic]) {
        func limit(_ key: String, _ current: Int?) -> Int? {
            fields.isOff(key) ? nil : fields.integer(key, in: 0...Int.max, diagnostics: &diagnostics) ?? current
        }
        maxChanges = limit("maxChanges", maxChanges)
        maxDenied = limit("maxDenied", maxDenied)
        maxDeniedPercent =
            fields.isOff("maxDeniedPercent")
            ? nil : fields.number("maxDeniedPercent", in: 0...100, diagnostics: &diagnostics) ?? maxDeniedPercent
        maxClosed = limit("maxClosed", maxClosed)
        maxCancelled = limit("maxCancelled", maxCancelled)
        maxApproved = limit("maxApproved", maxApproved)
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

    /// How messages refer to it: `ROLE "All Employees"` or `ROLE 2c91…`.
    public var label: String {
        if let id { return "\(type) \(id)" }
        return "\(type) \(Escaped.quoted(name ?? ""))"
    }
}
