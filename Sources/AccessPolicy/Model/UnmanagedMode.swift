/// What to do with live items that no policy file mentions (DESIGN.md §2).
public enum UnmanagedMode: String, Sendable, Hashable, Codable, CaseIterable {
    /// Count them, do nothing: the default, so adopting the tool on a busy tenant changes nothing unasked.
    case ignore
    /// List them in the plan, still without writing.
    case report
    /// Deny every unmanaged item that is not already DENIED: the policy files become the whole truth.
    case deny
}
