/// A position in a policy or config file, printed the way compilers print them: `file:line:column`.
public struct SourceLocation: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The path as the user gave it: relative paths stay relative, so messages match what they typed.
    public var file: String
    /// 1-based.
    public var line: Int
    /// 1-based, counted in characters (Unicode scalars), as libyaml counts them.
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { "\(file):\(line):\(column)" }

    public static func < (a: Self, b: Self) -> Bool {
        (a.file, a.line, a.column) < (b.file, b.line, b.column)
    }
}
