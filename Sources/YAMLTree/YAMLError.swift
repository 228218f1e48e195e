/// Why a YAML file could not be turned into a tree: a syntax error from libyaml, or one of our limits.
public struct YAMLError: Error, Sendable, Hashable, CustomStringConvertible {
    public var location: SourceLocation
    public var message: String
    /// Where the construct that failed began (libyaml's context mark), e.g. the `[` of an unclosed list.
    public var context: Context?

    public struct Context: Sendable, Hashable {
        public var location: SourceLocation
        public var message: String
    }

    public init(location: SourceLocation, message: String, context: Context? = nil) {
        self.location = location
        self.message = message
        self.context = context
    }

    public var description: String { "\(location): error: \(message)" }
}
