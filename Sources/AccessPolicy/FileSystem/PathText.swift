/// Paths as text: joined, split and compared without asking the file system, so the loader, the config
/// search and `export` name a path the same way in what they read and in what they print.
public enum PathText {
    /// `path` taken relative to `folder`; an absolute `path` stays as it is, and `.` adds nothing, so messages
    /// print `policies/eng.yaml` rather than `./policies/eng.yaml`.
    public static func join(_ folder: String, _ path: String) -> String {
        if path.hasPrefix("/") || folder.isEmpty || folder == "." { return path }
        return folder.hasSuffix("/") ? folder + path : "\(folder)/\(path)"
    }

    /// The folder a path is in, as the user would type it (`.` for a bare file name).
    public static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// `/a/b/c` → `/a/b/c`, `/a/b`, `/a`, `/`.
    static func ancestors(of path: String) -> [String] {
        var folders: [String] = []
        var current = path
        while true {
            folders.append(current)
            guard current != "/", let slash = current.lastIndex(of: "/") else { break }
            current = slash == current.startIndex ? "/" : String(current[..<slash])
        }
        return folders
    }

    /// `a/./b/../c/` → `a/c`: paths compared by what they name, as far as text can tell.
    static func normalized(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." {
                parts.removeLast()
            } else {
                parts.append(part)
            }
        }
        let joined = parts.joined(separator: "/")
        return path.hasPrefix("/") ? "/" + joined : (joined.isEmpty ? "." : joined)
    }

    /// True when `path` is `folder` or below it.
    static func isInside(_ path: String, _ folder: String) -> Bool {
        let (path, folder) = (normalized(path), normalized(folder))
        return folder == "."
            ? !path.hasPrefix("/") && !path.hasPrefix("..")
            : path == folder
                || path.hasPrefix(folder + "/")
    }
}
