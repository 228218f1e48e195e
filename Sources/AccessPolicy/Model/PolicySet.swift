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
    /// Located warnings from the files (a name with trailing whitespace): printed, never fatal.
    public var warnings: [Diagnostic] = []

    public init(
        entries: [PolicyEntry], files: [String], digest: String, accessRequestRules: AccessRequestRules? = nil
    ) {
        self.entries = entries
        self.files = files
        self.digest = digest
        self.accessRequestRules = accessRequestRules
    }

    /// True when the policy declares nothing: no entries and no access-request rules.
    public var isEmpty: Bool { entries.isEmpty && accessRequestRules == nil }

    /// Refuses a policy with no entries under `unmanaged: deny`: together they would deny every item in the
    /// tenant. Refused even when an empty policy is allowed.
    /// - Throws: ``PolicyErrors``.
    public func checkUsable(unmanaged: UnmanagedMode) throws {
        guard entries.isEmpty && unmanaged == .deny else { return }
        throw PolicyErrors([
            Diagnostic(
                at: nil,
                "the policy declares no commonAccess entries, and unmanaged: deny would deny every item in the tenant",
                hint: "this is refused even with --allow-empty; add the policy files, or set unmanaged to ignore or "
                    + "report")
        ])
    }
}
