import AccessPolicy
import Foundation

/// A file system in memory for unit tests: folders, files, symbolic links (followed like the kernel does, with a
/// loop limit) and special files, and paths that refuse to be read as a folder or file the way a folder without
/// permission does — which a test running as root cannot set up on a real disk.
public final class InMemoryFileSystem: FileSystem, @unchecked Sendable {
    // Safe because `nodes` and `nextInode` are only touched while `lock` is held.
    private let lock = NSLock()
    private var nodes: [String: Node] = ["/": Node(kind: .directory, inode: 1)]
    private var nextInode: UInt64 = 2
    public let currentDirectory: String

    private struct Node {
        enum Kind {
            case directory
            case file([UInt8])
            case link(String)
            case special
        }

        var kind: Kind
        var inode: UInt64
        /// Reading (a file) or listing (a folder) fails with "permission denied".
        var denied = false
    }

    /// An empty file system whose working folder is `currentDirectory` (created).
    public init(currentDirectory: String = "/work") {
        self.currentDirectory = currentDirectory
        makeFolder(currentDirectory)
    }

    // MARK: - Building the tree

    /// A file with `text` at `path` (relative to the working folder), creating its folders.
    public func addFile(_ path: String, _ text: String) {
        add(path, .file(Array(text.utf8)))
    }

    public func addFolder(_ path: String) {
        makeFolder(absolute(path))
    }

    /// A symbolic link at `path` pointing at `destination`, as written (relative to the link's folder or absolute).
    public func addLink(_ path: String, to destination: String) {
        add(path, .link(destination))
    }

    /// A FIFO, socket or device at `path`.
    public func addSpecialFile(_ path: String) {
        add(path, .special)
    }

    /// Makes reading the file, or listing the folder, at `path` fail with "permission denied".
    public func deny(_ path: String) {
        lock.withLock { nodes[absolute(path)]?.denied = true }
    }

    /// The text of the file at `path`, or nil.
    public func text(_ path: String) -> String? {
        lock.withLock {
            if case .file(let bytes) = nodes[absolute(path)]?.kind { return String(decoding: bytes, as: UTF8.self) }
            return nil
        }
    }

    private func add(_ path: String, _ kind: Node.Kind) {
        let path = absolute(path)
        makeFolder(Self.parent(of: path))
        lock.withLock {
            nodes[path] = Node(kind: kind, inode: nextInode)
            nextInode += 1
        }
    }

    private func makeFolder(_ path: String) {
        let path = Self.normalized(path)
        guard path != "/" else { return }
        makeFolder(Self.parent(of: path))
        lock.withLock {
            guard nodes[path] == nil else { return }
            nodes[path] = Node(kind: .directory, inode: nextInode)
            nextInode += 1
        }
    }

    // MARK: - FileSystem

    public func status(of path: String, followingLinks: Bool) throws(FileSystemError) -> FileStatus {
        let (_, node) = try resolve(path, followingFinalLink: followingLinks, for: .inspect)
        let kind: FileStatus.Kind
        var size = 0
        switch node.kind {
        case .directory: kind = .directory
        case .file(let bytes):
            kind = .regular
            size = bytes.count
        case .link: kind = .symbolicLink
        case .special: kind = .special
        }
        return FileStatus(kind: kind, size: size, identity: .init(device: 1, inode: node.inode))
    }

    public func contentsOfDirectory(_ path: String) throws(FileSystemError) -> [String] {
        let (resolved, node) = try resolve(path, followingFinalLink: true, for: .list)
        guard case .directory = node.kind else { throw FileSystemError(.list, path, .notADirectory) }
        guard !node.denied else { throw FileSystemError(.list, path, .permissionDenied) }
        let prefix = resolved == "/" ? "/" : resolved + "/"
        return lock.withLock {
            nodes.keys.filter { $0.hasPrefix(prefix) && $0 != resolved && !$0.dropFirst(prefix.count).contains("/") }
                .map { String($0.dropFirst(prefix.count)) }
        }
    }

    public func destinationOfLink(_ path: String) throws(FileSystemError) -> String {
        let (_, node) = try resolve(path, followingFinalLink: false, for: .inspect)
        guard case .link(let destination) = node.kind else {
            throw FileSystemError(.inspect, path, .other("not a link"))
        }
        return destination
    }

    public func readFile(_ path: String, limit: Int) throws(FileSystemError) -> [UInt8] {
        let (_, node) = try resolve(path, followingFinalLink: true, for: .read)
        switch node.kind {
        case .directory: throw FileSystemError(.read, path, .isADirectory)
        case .special, .link: throw FileSystemError(.read, path, .notARegularFile)
        case .file(let bytes):
            guard !node.denied else { throw FileSystemError(.read, path, .permissionDenied) }
            guard bytes.count <= limit else {
                throw FileSystemError(.read, path, .tooLarge(size: bytes.count, limit: limit))
            }
            return bytes
        }
    }

    public func writeFile(_ path: String, _ bytes: [UInt8]) throws(FileSystemError) {
        let absolutePath = absolute(path)
        if let existing = lock.withLock({ nodes[absolutePath] }), case .directory = existing.kind {
            throw FileSystemError(.write, path, .isADirectory)
        }
        add(path, .file(bytes))
    }

    // MARK: - Paths

    /// Follows the path component by component, like the kernel: links in the middle always, the last one
    /// only when asked; more than 40 links is a loop.
    private func resolve(_ path: String, followingFinalLink: Bool, for operation: FileSystemError.Operation)
        throws(FileSystemError) -> (String, Node)
    {
        var pending = Self.components(absolute(path))
        var resolved: [String] = []
        var hops = 0
        while !pending.isEmpty {
            let part = pending.removeFirst()
            if part == ".." {
                _ = resolved.popLast()
                continue
            }
            let candidate = "/" + (resolved + [part]).joined(separator: "/")
            guard let node = lock.withLock({ nodes[candidate] }) else {
                throw FileSystemError(operation, path, .notFound)
            }
            if case .link(let destination) = node.kind, !pending.isEmpty || followingFinalLink {
                hops += 1
                guard hops <= 40 else { throw FileSystemError(operation, path, .linkLoop) }
                if destination.hasPrefix("/") { resolved = [] }
                pending = Self.components(destination) + pending
                continue
            }
            if !pending.isEmpty {
                guard case .directory = node.kind else { throw FileSystemError(operation, path, .notADirectory) }
            }
            resolved.append(part)
        }
        let final = "/" + resolved.joined(separator: "/")
        guard let node = lock.withLock({ nodes[final] }) else { throw FileSystemError(operation, path, .notFound) }
        return (final, node)
    }

    private func absolute(_ path: String) -> String {
        Self.normalized(path.hasPrefix("/") ? path : currentDirectory + "/" + path)
    }

    private static func components(_ path: String) -> [String] {
        path.split(separator: "/").map(String.init).filter { $0 != "." }
    }

    private static func normalized(_ path: String) -> String {
        var parts: [String] = []
        for part in components(path) {
            if part == ".." { _ = parts.popLast() } else { parts.append(part) }
        }
        return "/" + parts.joined(separator: "/")
    }

    private static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return "/" }
        return String(path[..<slash])
    }
}
