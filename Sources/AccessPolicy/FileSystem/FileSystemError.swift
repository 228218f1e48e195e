/// Why a path could not be read or written: one plain sentence that names the path, never a framework's
/// error domain and code.
public struct FileSystemError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Operation: String, Sendable, Hashable {
        case read, list, write, inspect
    }

    public enum Reason: Sendable, Hashable {
        case notFound
        case permissionDenied
        case notADirectory
        case isADirectory
        /// A FIFO, socket or device where a file was expected.
        case notARegularFile
        /// Too many levels of symbolic links: a loop.
        case linkLoop
        case tooLarge(size: Int, limit: Int)
        /// Anything else, in the system's words (`strerror`).
        case other(String)
    }

    public var operation: Operation
    public var path: String
    public var reason: Reason

    public init(_ operation: Operation, _ path: String, _ reason: Reason) {
        self.operation = operation
        self.path = path
        self.reason = reason
    }

    /// `cannot read "policies/eng.yaml": permission denied`.
    public var description: String {
        let verb =
            switch operation {
            case .read: "cannot read"
            case .list: "cannot list the folder"
            case .write: "cannot write"
            case .inspect: "cannot look at"
            }
        return "\(verb) \"\(path)\": \(reasonText)"
    }

    /// The reason alone, for messages that name the path themselves.
    public var reasonText: String {
        switch reason {
        case .notFound: "no such file or folder"
        case .permissionDenied: "permission denied"
        case .notADirectory: "not a folder"
        case .isADirectory: "it is a folder"
        case .notARegularFile: "not a regular file (a FIFO, socket or device)"
        case .linkLoop: "too many levels of symbolic links (a loop)"
        case .tooLarge(let size, let limit): "the file is \(size) bytes, over the limit of \(limit) bytes"
        case .other(let text): text
        }
    }
}
