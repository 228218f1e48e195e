import YAMLTree

/// Finds the config file of a run (DESIGN.md §2, §7).
///
/// A file named with `--config` or `ACCESSPOLICY_CONFIG` must exist: running on defaults because of a typo in
/// a file name would drop the guards and protected items it holds. Otherwise `accesspolicy.yaml` is looked
/// for in the working folder and each folder above it up to the root of the git repository (the folder with
/// `.git`), the way git finds its own config; outside a repository only the working folder is looked at, so
/// a stray file higher up is never picked.
public struct ConfigLocator: Sendable {
    /// How the config file was chosen, for messages.
    public enum Source: Sendable, Hashable {
        case option
        case environment(variable: String)
    }

    public var fileSystem: any FileSystem

    public init(fileSystem: any FileSystem) {
        self.fileSystem = fileSystem
    }

    /// The config file to read, or nil when none was named and none was found.
    /// - Throws: ``PolicyErrors`` when a named file does not exist or is not a file.
    public func locate(named: String?, source: Source = .option) throws -> String? {
        guard let named else { return try search() }
        let origin =
            switch source {
            case .option: "--config"
            case .environment(let variable): variable
            }
        let status: FileStatus
        do throws(FileSystemError) {
            status = try fileSystem.status(of: named, followingLinks: true)
        } catch {
            let message =
                error.reason == .notFound
                ? "the config file \"\(named)\" named by \(origin) does not exist"
                : "the config file \"\(named)\" named by \(origin) cannot be read: \(error.reasonText)"
            throw PolicyErrors([
                Diagnostic(
                    at: nil, message,
                    hint: "a named config file must exist: a run on defaults would drop its guards and protected items")
            ])
        }
        guard status.kind == .regular else {
            throw PolicyErrors([Diagnostic(at: nil, "the config file \"\(named)\" named by \(origin) is not a file")])
        }
        return named
    }

    /// `accesspolicy.yaml` in the working folder or a folder above it, up to the repository root.
    ///
    /// Only "nothing there" moves the search up a folder: a config that is there but cannot be used (a dangling
    /// link, a folder, a file it may not read) stops the run, rather than let a config further up, or none,
    /// stand in for it.
    private func search() throws -> String? {
        let folders = PathText.ancestors(of: fileSystem.currentDirectory)
        // Only inside a git repository is looking upwards bounded by something the user chose.
        let root = folders.firstIndex { fileSystem.exists($0 == "/" ? "/.git" : "\($0)/.git") } ?? 0
        for depth in 0...root {
            let relative = String(repeating: "../", count: depth) + ToolConfig.fileName
            do throws(FileSystemError) {
                _ = try fileSystem.status(of: relative, followingLinks: false)
            } catch {
                if error.reason == .notFound { continue }
                throw Self.unusable(relative, error.reasonText)
            }
            let kind: FileStatus.Kind
            do throws(FileSystemError) {
                kind = try fileSystem.status(of: relative, followingLinks: true).kind
            } catch {
                throw Self.unusable(
                    relative, error.reason == .notFound ? "it is a symbolic link to nothing" : error.reasonText)
            }
            guard kind == .regular else { throw Self.unusable(relative, "it is not a file") }
            return relative
        }
        return nil
    }

    private static func unusable(_ path: String, _ problem: String) -> PolicyErrors {
        PolicyErrors([
            Diagnostic(
                at: .path(path), "this config file cannot be used: \(problem)",
                hint: "fix or remove it; a run never falls back to another config, or to none")
        ])
    }
}
