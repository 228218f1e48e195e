public import YAMLTree

/// Reads a policy directory: every `*.yaml` / `*.yml` below it, recursively, in sorted order (DESIGN.md §2).
///
/// Never stops at the first mistake: syntax errors, unknown keys, bad values and conflicting entries of all
/// files are collected and thrown together as ``PolicyErrors``.
public struct PolicyLoader: Sendable {
    public var limits: YAMLLimits
    /// Files read and parsed at once; the command line passes the number of cores.
    public var width: Int

    public init(limits: YAMLLimits = .default, width: Int = 2) {
        self.limits = limits
        self.width = max(1, width)
    }

    /// Loads the directory at `path` (as the user wrote it; messages show paths relative to it).
    ///
    /// Every path below it is read or reported (see ``PolicyFiles``). Files are read and parsed concurrently,
    /// ``width`` at once (one per core from the command line): a 100,000-entry policy set is tens of files.
    /// - Parameter allowEmpty: accept a folder that declares nothing. Off by default: an empty policy set is
    ///   more often a wrong path or an unread folder than a policy, and with `unmanaged: deny` it would deny
    ///   the whole tenant.
    /// - Throws: ``PolicyErrors`` listing every problem, or when the directory does not exist.
    public func load(directory path: String, fileSystem: any FileSystem, allowEmpty: Bool = false) async throws
        -> PolicySet
    {
        let walk = try PolicyFiles.find(in: path, fileSystem: fileSystem)
        let files = walk.files
        let limits = self.limits
        let results = try await files.concurrentMap(width: width) { file in
            do throws(FileSystemError) {
                return Self.read(file, try fileSystem.readFile(file, limit: limits.maxBytes), limits: limits)
            } catch {
                return FileResult(
                    path: file, diagnostics: [Diagnostic(at: .path(file), "cannot read this file: \(error.reasonText)")]
                )
            }
        }
        let policy = try assemble(results, walkDiagnostics: walk.diagnostics)
        if !allowEmpty, policy.isEmpty {
            throw PolicyErrors([
                Diagnostic(
                    at: .path(path),
                    policy.files.isEmpty
                        ? "no policy files (*.yaml, *.yml) in this folder"
                        : "the policy files in this folder declare no commonAccess entries and no accessRequests rules",
                    hint: "check the policy folder; if an empty policy is meant, pass --allow-empty "
                        + "(or set allowEmptyPolicy: true in accesspolicy.yaml)")
            ])
        }
        return policy
    }

    /// Loads files already in memory (tests, saved plans): the same checks as ``load(directory:)``.
    public func load(_ files: [(path: String, bytes: [UInt8])]) throws -> PolicySet {
        try assemble(files.sorted { $0.path < $1.path }.map { Self.read($0.path, $0.bytes, limits: limits) })
    }

    /// What one file holds, read on its own so files can be read concurrently.
    struct FileResult: Sendable {
        var path: String
        var entries: [PolicyEntry] = []
        var rules: [AccessRequestRules] = []
        var diagnostics: [Diagnostic] = []
        /// SHA-256 of the file's bytes; nil when it could not be read.
        var digest: String?
        var size = 0
    }

    static func read(_ path: String, _ bytes: [UInt8], limits: YAMLLimits) -> FileResult {
        var result = FileResult(path: path, digest: SHA256.hex(bytes), size: bytes.count)
        do {
            let documents = try YAMLParser.parse(bytes, file: path, limits: limits)
            (result.entries, result.rules) = PolicyFileReader.read(documents, diagnostics: &result.diagnostics)
        } catch {
            result.diagnostics.append(Diagnostic(yamlError: error))
        }
        return result
    }

    /// Joins per-file results (in path order), checks across files, and computes the policy digest: SHA-256
    /// over each file's path, size and own SHA-256.
    private func assemble(_ results: [FileResult], walkDiagnostics: [Diagnostic] = []) throws -> PolicySet {
        var diagnostics = walkDiagnostics + results.flatMap(\.diagnostics)
        let entries = results.flatMap(\.entries)
        diagnostics += PolicyChecks.conflicts(in: entries)
        let rules = results.flatMap(\.rules)
        for repeated in rules.dropFirst() {
            diagnostics.append(
                Diagnostic(
                    at: repeated.location, "accessRequests is declared twice",
                    notes: [.init(location: rules[0].location, message: "first declared here")],
                    hint: "keep all access-request rules in one accessRequests block"))
        }
        guard diagnostics.errorCount == 0 else { throw PolicyErrors(diagnostics) }
        var digest = SHA256()
        for result in results {
            digest.update("\(result.path)\u{0}\(result.size)\u{0}\(result.digest ?? "")\n")
        }
        var policy = PolicySet(
            entries: entries, files: results.map(\.path), digest: digest.finalize(),
            accessRequestRules: rules.first.flatMap { $0.isEmpty ? nil : $0 })
        policy.warnings = Diagnostic.sorted(diagnostics)
        return policy
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
