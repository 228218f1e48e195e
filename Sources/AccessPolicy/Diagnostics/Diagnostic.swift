public import YAMLTree

/// A problem found in the user's files: collected, sorted, then printed once, like a compiler does.
public struct Diagnostic: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable, Codable {
        case error, warning
    }

    /// A second place that explains the first, e.g. where an item was first declared.
    public struct Note: Sendable, Hashable, Codable {
        public var location: SourceLocation?
        public var message: String

        public init(location: SourceLocation?, message: String) {
            self.location = location
            self.message = message
        }
    }

    public var severity: Severity
    public var location: SourceLocation?
    public var message: String
    public var notes: [Note]
    /// What to do about it, printed as "hint: …" on its own line.
    public var hint: String?

    public init(
        _ severity: Severity = .error, at location: SourceLocation?, _ message: String, notes: [Note] = [],
        hint: String? = nil
    ) {
        self.severity = severity
        self.location = location
        self.message = message
        self.notes = notes
        self.hint = hint
    }

    /// `file:line:column: error: message`, then notes and the hint on lines of their own.
    public var description: String {
        var lines = ["\(location.map { "\($0): " } ?? "")\(severity.rawValue): \(message)"]
        for note in notes {
            lines.append("\(note.location.map { "\($0): " } ?? "")note: \(note.message)")
        }
        if let hint { lines.append("hint: \(hint)") }
        return lines.joined(separator: "\n")
    }
}

extension Diagnostic {
    /// Errors first by file and position; diagnostics without a location last.
    static func sorted(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.enumerated().sorted { a, b in
            switch (a.element.location, b.element.location) {
            case (let x?, let y?): x != y ? x < y : a.offset < b.offset
            case (.some, nil): true
            case (nil, .some): false
            case (nil, nil): a.offset < b.offset
            }
        }.map(\.element)
    }
}

extension [Diagnostic] {
    /// How many are errors (warnings do not stop a run).
    public var errorCount: Int { count { $0.severity == .error } }
}

/// Thrown once, after every file was read: the user sees all their mistakes in one run.
public struct PolicyErrors: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = Diagnostic.sorted(diagnostics)
    }

    public var errorCount: Int { diagnostics.count { $0.severity == .error } }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
