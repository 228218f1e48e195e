import YAMLTree

/// Checks, before `export` writes anything, that the folder it writes leaves a policy set the next plan can
/// read: no duplicate or contradicting declarations with files already there, nothing the loader refuses.
///
/// The check reads what the next plan would read — the policy folder when the export goes inside it, else the
/// export folder — with the exported files in place of any files of the same names, and loads it as `plan`
/// would.
public struct ExportCheck: Sendable {
    public var fileSystem: any FileSystem

    public init(fileSystem: any FileSystem) {
        self.fileSystem = fileSystem
    }

    /// - Parameters:
    ///   - files: the exported files' names and contents.
    ///   - folder: where they are written.
    ///   - policies: the policy folder of the config.
    ///   - force: replace files in a folder that already holds policy files.
    ///   - live: the items exported: every one is declared by the export, so an entry elsewhere in what the next
    ///     plan reads that names one of them, by id or by name, would declare it twice.
    /// - Throws: ``PolicyErrors`` saying why the export would leave a broken policy set; nothing is written.
    public func check(
        files: [(name: String, contents: String)], folder: String, policies: String, force: Bool, live: [LiveItem]
    ) async throws {
        let written = Dictionary(
            files.map { (PathText.normalized(PathText.join(folder, $0.name)), $0.contents) },
            uniquingKeysWith: { first, _ in first })
        let present = try existing(in: folder)
        if !present.files.isEmpty && !force {
            throw PolicyErrors([
                Diagnostic(
                    at: .path(folder),
                    "already holds policy files (\(present.files.joined(separator: ", ")))",
                    hint: "export to an empty folder with --out DIR, or pass --force to replace them")
            ])
        }
        let root = PathText.isInside(folder, policies) ? policies : folder
        let reading = root == folder ? present : try existing(in: root)
        var loaded: [(path: String, bytes: [UInt8])] = []
        var problems = reading.diagnostics
        for path in reading.files where written[PathText.normalized(path)] == nil {
            do throws(FileSystemError) {
                loaded.append((path, try fileSystem.readFile(path, limit: YAMLLimits.default.maxBytes)))
            } catch {
                problems.append(Diagnostic(at: .path(path), "cannot read this file: \(error.reasonText)"))
            }
        }
        do {
            if problems.isEmpty {
                problems += Self.redeclared(try PolicyLoader().load(loaded).entries, live: live)
                _ = try PolicyLoader().load(loaded + written.map { ($0.key, Array($0.value.utf8)) })
            }
        } catch let errors as PolicyErrors {
            problems += errors.diagnostics
        }
        guard problems.isEmpty else {
            throw PolicyErrors(
                problems + [
                    Diagnostic(
                        at: .path(root),
                        "export would leave this policy folder unreadable by the next plan (see above); nothing "
                            + "was written",
                        hint: "export to a folder of its own with --out DIR, or remove the files that declare the "
                            + "same items")
                ])
        }
    }

    /// Entries that name an exported item: by its id, or by its type and name (as the next plan resolves a name
    /// against the live list first).
    static func redeclared(_ entries: [PolicyEntry], live: [LiveItem]) -> [Diagnostic] {
        let keys = Set(live.map(\.key))
        let names = Set(live.compactMap { item in item.access.name.map { NameKey(type: item.access.type, name: $0) } })
        return entries.filter { entry in
            if let key = entry.key { return keys.contains(key) }
            return entry.name.map { names.contains(NameKey(type: entry.type, name: $0)) } ?? false
        }.map { entry in
            Diagnostic(
                at: entry.location, "\(entry.label) is exported too: the next plan would declare it twice",
                hint: "keep one of the two declarations")
        }
    }

    /// The policy files below `folder` (none when it does not exist yet).
    private func existing(in folder: String) throws -> PolicyFiles.Walk {
        guard fileSystem.exists(folder) else { return PolicyFiles.Walk() }
        return try PolicyFiles.find(in: folder, fileSystem: fileSystem)
    }
}
