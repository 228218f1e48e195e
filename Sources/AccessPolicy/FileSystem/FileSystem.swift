/// The disk as the core sees it: what policy loading, config discovery and saved plans need, and no more.
///
/// The core never touches the disk itself, so that every way a path can fail (a folder it may not read, a
/// dangling link, a loop of links, a FIFO where a file should be) can be tested on any machine and as any
/// user, with a file system made in memory. The command line passes the real one.
public protocol FileSystem: Sendable {
    /// What is at `path`. With `followingLinks`, a symbolic link is followed to what it points at.
    /// - Throws: ``FileSystemError`` (`.notFound` when nothing is there, or a link points at nothing).
    func status(of path: String, followingLinks: Bool) throws(FileSystemError) -> FileStatus

    /// The names in a folder (not `.` and `..`), in no particular order.
    func contentsOfDirectory(_ path: String) throws(FileSystemError) -> [String]

    /// Where a symbolic link points, as written in the link.
    func destinationOfLink(_ path: String) throws(FileSystemError) -> String

    /// A regular file's bytes; refuses anything else (a FIFO would block the run), and files over `limit`
    /// bytes before reading them.
    func readFile(_ path: String, limit: Int) throws(FileSystemError) -> [UInt8]

    /// Replaces `path` with `bytes` at once (write to a temporary file, then rename), creating the folder.
    func writeFile(_ path: String, _ bytes: [UInt8]) throws(FileSystemError)

    /// The folder relative paths start from.
    var currentDirectory: String { get }
}

extension FileSystem {
    /// True when something (a file, folder or link) is at `path`; a dangling link counts.
    public func exists(_ path: String) -> Bool {
        (try? status(of: path, followingLinks: false)) != nil
    }

    /// True when `path` is a folder, or a link to one.
    public func isDirectory(_ path: String) -> Bool {
        (try? status(of: path, followingLinks: true))?.kind == .directory
    }
}
