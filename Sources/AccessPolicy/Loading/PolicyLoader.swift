import Foundation
public import YAMLTree

/// Reads a policy directory: every `*.yaml` / `*.yml` below it, recursively, in sorted order (DESIGN.md §2).
///
/// Never stops at the first mistake: syntax errors, unknown keys, bad values and conflicting entries of all
/// files are collected and thrown together as ``PolicyErrors``.
public struct PolicyLoader: Sendable {
    public var limits: YAMLLimits

    public init(limits: YAMLLimits = .default) {
        self.limits = limits
    }

    /// Loads the directory at `path` (as the user wrote it; messages show paths relative to it).
    /// - Throws: ``PolicyErrors`` listing every problem, or when the directory does not exist.
    public func load(directory path: String) throws -> PolicySet {
        let files = try PolicyFiles.find(in: path)
        var contents: [(path: String, bytes: [UInt8])] = []
        var diagnostics: [Diagnostic] = []
        for file in files {
            do {
                contents.append((file, try PolicyFiles.read(file, limit: limits.maxBytes)))
            } catch {
                diagnostics.append(Diagnostic(at: SourceLocation(file: file, line: 1, column: 1), "\(error)"))
            }
        }
        let set = try load(contents)
        guard diagnostics.isEmpty else { throw PolicyErrors(diagnostics) }
        return set
    }

    /// Loads files already in memory (tests, saved plans): the same checks as ``load(directory:)``.
    public func load(_ files: [(path: String, bytes: [UInt8])]) throws -> PolicySet {
        var diagnostics: [Diagnostic] = []
        var entries: [PolicyEntry] = []
        var digest = SHA256()
        for file in files.sorted(by: { $0.path < $1.path }) {
            digest.update("\(file.path)\u{0}\(file.bytes.count)\u{0}")
            digest.update(file.bytes)
            do {
                let documents = try YAMLParser.parse(file.bytes, file: file.path, limits: limits)
                entries += PolicyFileReader.entries(in: documents, diagnostics: &diagnostics)
            } catch {
                diagnostics.append(Diagnostic(yamlError: error))
            }
        }
        diagnostics += PolicyChecks.conflicts(in: entries)
        guard diagnostics.isEmpty else { throw PolicyErrors(diagnostics) }
        return PolicySet(entries: entries, files: files.map(\.path).sorted(), digest: digest.finalize())
    }
}

extension Diagnostic {
    /// A libyaml syntax error or a limit, with libyaml's context mark as a note.
    init(yamlError error: YAMLError) {
        self.init(
            at: error.location, error.message,
            notes: error.context.map { [Note(location: $0.location, message: $0.message)] } ?? [])
    }
}
