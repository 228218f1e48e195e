/// Everything the policy directory says, after loading and checking, before name resolution.
public struct PolicySet: Sendable, Hashable {
    /// Entries in file order (files sorted by path).
    public var entries: [PolicyEntry]
    /// The files read, sorted, as paths the user would type.
    public var files: [String]
    /// SHA-256 over every file's path and bytes, so a saved plan can tell that policy changed since.
    public var digest: String
    /// The `accessRequests:` block, when a file has one (at most one file may).
    public var accessRequestRules: AccessRequestRules?

    public init(
        entries: [PolicyEntry], files: [String], digest: String, accessRequestRules: AccessRequestRules? = nil
    ) {
        self.entries = entries
        self.files = files
        self.digest = digest
        self.accessRequestRules = accessRequestRules
    }
}
