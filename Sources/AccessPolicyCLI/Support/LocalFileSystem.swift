import AccessPolicy
import Foundation

// In release builds on Linux the compiler finds `struct stat` through Dispatch's C module first, and with
// MemberImportVisibility its fields are then visible only when that module is imported too.
#if canImport(CDispatch)
    import CDispatch
#endif

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The real disk, through POSIX calls, so every failure comes back as a plain ``FileSystemError`` (errno in
/// words, with the path) rather than a Foundation error domain and code.
struct LocalFileSystem: FileSystem {
    /// Where relative paths start; nil: the process's working folder. Tests that run commands in-process set
    /// it, as a process would `chdir`, since they cannot change the one working folder they share.
    var base: String?

    init(currentDirectory: String? = nil) {
        base = currentDirectory
    }

    var currentDirectory: String { base ?? FileManager.default.currentDirectoryPath }

    /// `path` as the system calls take it; messages keep the path as the user wrote it.
    private func resolved(_ path: String) -> String {
        guard let base, !path.hasPrefix("/") else { return path }
        return path == "." ? base : "\(base)/\(path)"
    }

    func status(of path: String, followingLinks: Bool) throws(FileSystemError) -> FileStatus {
        var info = stat()
        let result = followingLinks ? stat(resolved(path), &info) : lstat(resolved(path), &info)
        guard result == 0 else { throw Self.error(.inspect, path) }
        return Self.status(info)
    }

    func contentsOfDirectory(_ path: String) throws(FileSystemError) -> [String] {
        guard let directory = opendir(resolved(path)) else { throw Self.error(.list, path) }
        defer { closedir(directory) }
        var names: [String] = []
        while true {
            errno = 0
            guard let entry = readdir(directory) else {
                guard errno == 0 else { throw Self.error(.list, path) }
                break
            }
            let name = withUnsafeBytes(of: entry.pointee.d_name) { bytes in
                String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    func destinationOfLink(_ path: String) throws(FileSystemError) -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink(resolved(path), &buffer, buffer.count - 1)
        guard count >= 0 else { throw Self.error(.inspect, path) }
        return String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    func readFile(_ path: String, limit: Int) throws(FileSystemError) -> [UInt8] {
        // Non-blocking, so a FIFO put where a file was is refused rather than waited on.
        let descriptor = open(resolved(path), O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw Self.error(.read, path) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw Self.error(.read, path) }
        let status = Self.status(info)
        guard status.kind == .regular else {
            throw FileSystemError(.read, path, status.kind == .directory ? .isADirectory : .notARegularFile)
        }
        guard status.size <= limit else {
            throw FileSystemError(.read, path, .tooLarge(size: status.size, limit: limit))
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(status.size)
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw Self.error(.read, path)
            }
            if count == 0 { break }
            bytes += chunk.prefix(count)
            // The file grew while being read: still held to the limit.
            guard bytes.count <= limit else {
                throw FileSystemError(.read, path, .tooLarge(size: bytes.count, limit: limit))
            }
        }
        return bytes
    }

    func writeFile(_ path: String, _ bytes: [UInt8]) throws(FileSystemError) {
        let folder = PathText.folder(of: path)
        try makeDirectories(folder)
        // A fresh name, created exclusively and never through a link, so nothing planted at it is written to.
        let suffix = UInt64.random(in: 0...UInt64.max)
        let temporary = resolved("\(folder)/.\((path as NSString).lastPathComponent).\(getpid()).\(suffix).tmp")
        var descriptor: Int32
        repeat {
            descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        } while descriptor < 0 && errno == EINTR
        guard descriptor >= 0 else { throw Self.error(.write, path) }
        var failure: FileSystemError?
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + written, $0.count - written) }
            if count < 0 {
                if errno == EINTR { continue }
                failure = Self.error(.write, path)
                break
            }
            written += count
        }
        if failure == nil && fsync(descriptor) != 0 { failure = Self.error(.write, path) }
        if close(descriptor) != 0 && failure == nil { failure = Self.error(.write, path) }
        if failure == nil && rename(temporary, resolved(path)) != 0 { failure = Self.error(.write, path) }
        if let failure {
            unlink(temporary)
            throw failure
        }
    }

    /// `mkdir -p`: each missing folder of `path` in turn.
    private func makeDirectories(_ path: String) throws(FileSystemError) {
        guard path != "." && path != "/" && !isDirectory(path) else { return }
        try makeDirectories(PathText.folder(of: path))
        guard mkdir(resolved(path), 0o755) == 0 || errno == EEXIST else { throw Self.error(.write, path) }
    }

    private static func status(_ info: stat) -> FileStatus {
        let kind: FileStatus.Kind =
            switch info.st_mode & S_IFMT {
            case S_IFREG: .regular
            case S_IFDIR: .directory
            case S_IFLNK: .symbolicLink
            default: .special
            }
        return FileStatus(
            kind: kind, size: Int(info.st_size),
            identity: .init(device: UInt64(info.st_dev), inode: UInt64(info.st_ino)))
    }

    /// The error for the `errno` a call just set.
    private static func error(_ operation: FileSystemError.Operation, _ path: String) -> FileSystemError {
        let code = errno
        let reason: FileSystemError.Reason =
            switch code {
            case ENOENT: .notFound
            case EACCES, EPERM: .permissionDenied
            case ENOTDIR: .notADirectory
            case EISDIR: .isADirectory
            case ELOOP: .linkLoop
            default: .other(String(cString: strerror(code)))
            }
        return FileSystemError(operation, path, reason)
    }
}
