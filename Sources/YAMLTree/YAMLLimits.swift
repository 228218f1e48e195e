/// Bounds on what the parser accepts, so a hostile or broken file fails with a message instead of
/// exhausting memory or time. libyaml 0.2.5 has no limits of its own.
public struct YAMLLimits: Sendable, Hashable {
    /// Largest file accepted, in bytes.
    public var maxBytes: Int
    /// Deepest nesting of lists and mappings.
    public var maxDepth: Int
    /// Most nodes that aliases may copy in one file; stops "billion laughs" alias bombs.
    public var maxAliasNodes: Int

    public init(maxBytes: Int = 64 << 20, maxDepth: Int = 64, maxAliasNodes: Int = 100_000) {
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
        self.maxAliasNodes = maxAliasNodes
    }

    public static let `default` = YAMLLimits()
}
