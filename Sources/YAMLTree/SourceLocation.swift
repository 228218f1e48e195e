/// A position in a policy or config file, printed the way compilers print them: `file:line:column`.
public struct SourceLocation: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The path as the user gave it: relative paths stay relative, so messages match what they typed.
    public var file: String
    /// 1-based; 0 for a problem with the path itself (a folder that cannot be read, a dangling link).
    public var line: Int
    /// 1-based, counted in characters (Unicode scalars), as libyaml counts them; 0 with line 0.
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// The path as a whole, for problems that no line of it can show: printed as the path alone.
    public static func path(_ path: String) -> SourceLocation {
        SourceLocation(file: path, line: 0, column: 0)
    }

    public var description: String { line == 0 ? file : "\(file):\(line):\(column)" }

    public static func < (a: Self, b: Self) -> Bool {
        (a.file, a.line, a.column) < (b.file, b.line, b.column)
    }
}
