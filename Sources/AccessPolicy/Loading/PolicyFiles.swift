import YAMLTree

/// Finds the policy files below a folder, accounting for every path: each is read, skipped for a reason
/// docs/policy-language.md states (hidden, or not YAML), or reported as a located error. Nothing is dropped silently,
/// because a file that is not read is a policy that is not applied — with `unmanaged: deny`, a tenant
/// denied.
enum PolicyFiles {
    /// What a walk found: the files to read, sorted, and the paths that could not be accounted for.
    struct Walk: Sendable {
        var files: [String] = []
        var diagnostics: [Diagnostic] = []
    }

    /// `*.yaml` and `*.yml` in any case (`*.YAML` is read too, never skipped).
    static func isPolicyName(_ name: String) -> Bool {
        let lower = name.lowercased()
        return lower.hasSuffix(".yaml") || lower.hasSuffix(".yml")
    }

    /// Every policy file below `directory`, recursively, sorted; names starting with `.` are skipped.
    ///
    /// Symbolic links are followed, each folder is read once: a link back to a folder already read (a loop,
    /// or a second way into the same folder) is an error, so a loop ends the walk instead of hanging it.
    /// - Throws: ``PolicyErrors`` when the folder itself does not exist or is not a folder.
    static func find(in directory: String, fileSystem: any FileSystem) throws -> Walk {
        let base = directory.count > 1 && directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        let root: FileStatus
        do throws(FileSystemError) {
            root = try fileSystem.status(of: base, followingLinks: true)
        } catch {
            let message =
                error.reason == .notFound
                ? "policy folder \"\(base)\" does not exist" : "cannot read the policy folder: \(error)"
            throw PolicyErrors([Diagnostic(at: nil, message, hint: hint)])
        }
        guard root.kind == .directory else {
            throw PolicyErrors([Diagnostic(at: nil, "policy folder \"\(base)\" is not a folder", hint: hint)])
        }
        var walk = Walk()
        var seen: [FileStatus.Identity: String] = [root.identity: base]
        let above = ancestors(of: base, fileSystem: fileSystem)
        var pending = [base]
        var visited = 0
        while let folder = pending.popLast() {
            let names: [String]
            do throws(FileSystemError) {
                names = try fileSystem.contentsOfDirectory(folder)
            } catch {
                walk.diagnostics.append(Diagnostic(at: .path(folder), "cannot read this folder: \(error.reasonText)"))
                continue
            }
            for name in names.sorted() where !name.hasPrefix(".") {
                visited += 1
                guard visited <= maxPaths else {
                    walk.diagnostics.append(
                        Diagnostic(
                            at: .path(base), "more than \(maxPaths) paths below the policy folder",
                            hint: "a symbolic link may lead somewhere far bigger than a policy folder; remove it"))
                    return walk
                }
                let path = folder == "." ? name : "\(folder)/\(name)"
                switch entry(path, fileSystem: fileSystem) {
                case .problem(let diagnostic):
                    walk.diagnostics.append(diagnostic)
                case .status(let status):
                    switch status.kind {
                    case .directory:
                        if let outer = above[status.identity] {
                            walk.diagnostics.append(
                                Diagnostic(
                                    at: .path(path),
                                    "symbolic link loop: this leads to \"\(outer)\", a folder the policy folder is in",
                                    hint: "each folder is read once; remove the link"))
                        } else if let first = seen[status.identity] {
                            walk.diagnostics.append(Self.readTwice(path, first: first))
                        } else {
                            seen[status.identity] = path
                            pending.append(path)
                        }
                    case .regular:
                        if isPolicyName(name) { walk.files.append(path) }
                    case .special:
                        walk.diagnostics.append(
                            Diagnostic(
                                at: .path(path), "not a regular file or folder (a FIFO, socket or device)",
                                hint: "move it out of the policy folder"))
                    case .symbolicLink:
                        break  // `entry` follows links
                    }
                }
            }
        }
        walk.files.sort()
        return walk
    }

    /// What a path turned out to be: something to walk, or a problem to report.
    private enum Found {
        case status(FileStatus)
        case problem(Diagnostic)
    }

    /// Paths a walk looks at before it gives up: far more than any policy folder holds, far fewer than a link
    /// to `/` would lead to.
    static let maxPaths = 100_000

    /// The folders the policy folder is in, by identity: a link to one of them is a loop that would read the
    /// whole repository (or disk) before coming back round.
    private static func ancestors(of base: String, fileSystem: any FileSystem) -> [FileStatus.Identity: String] {
        let absolute = PathText.join(fileSystem.currentDirectory, base)
        var found: [FileStatus.Identity: String] = [:]
        for folder in PathText.ancestors(of: PathText.normalized(absolute)).dropFirst() {
            // A folder above that cannot be looked at is simply not known here; the walk's own checks remain.
            guard let status = try? fileSystem.status(of: folder, followingLinks: true) else { continue }
            found[status.identity] = folder
        }
        return found
    }

    private static let hint =
        "check the folder named by \"policies:\" in accesspolicy.yaml, --policies or --base-policies"

    /// What `path` is, following a symbolic link; a dangling link or a loop of links is a located error.
    private static func entry(_ path: String, fileSystem: any FileSystem) -> Found {
        let own: FileStatus
        do throws(FileSystemError) {
            own = try fileSystem.status(of: path, followingLinks: false)
        } catch {
            let why =
                error.reason == .notFound
                ? "it was listed but is gone (removed while reading, or a name that is not valid UTF-8)"
                : error.reasonText
            return .problem(Diagnostic(at: .path(path), "cannot look at this path: \(why)"))
        }
        guard own.kind == .symbolicLink else { return .status(own) }
        do throws(FileSystemError) {
            return .status(try fileSystem.status(of: path, followingLinks: true))
        } catch {
            let destination = (try? fileSystem.destinationOfLink(path)).map { " to \"\($0)\"" } ?? ""
            switch error.reason {
            case .notFound:
                return .problem(
                    Diagnostic(
                        at: .path(path), "dangling symbolic link\(destination): it points at nothing",
                        hint: "remove the link or restore what it points at"))
            case .linkLoop:
                return .problem(Diagnostic(at: .path(path), "symbolic link\(destination) is part of a loop of links"))
            default:
                return .problem(
                    Diagnostic(at: .path(path), "cannot follow symbolic link\(destination): \(error.reasonText)"))
            }
        }
    }

    private static func readTwice(_ path: String, first: String) -> Diagnostic {
        let isAncestor = path.hasPrefix(first + "/") || first == "."
        return Diagnostic(
            at: .path(path),
            isAncestor
                ? "symbolic link loop: this leads back to \"\(first)\", a folder it is inside"
                : "this is the same folder as \"\(first)\" (one leads to the other through a symbolic link), "
                    + "which is read already",
            hint: "each folder is read once; remove the link")
    }
}
