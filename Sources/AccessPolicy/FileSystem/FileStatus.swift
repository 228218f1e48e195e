/// What `stat` says about a path, reduced to what the loader decides on.
public struct FileStatus: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case regular, directory, symbolicLink
        /// FIFOs, sockets and devices: never read (a FIFO would block the run).
        case special
    }

    /// Tells one folder reached twice (through a link, or a loop of links) from two folders.
    public struct Identity: Sendable, Hashable {
        public var device: UInt64
        public var inode: UInt64

        public init(device: UInt64, inode: UInt64) {
            self.device = device
            self.inode = inode
        }
    }

    public var kind: Kind
    public var size: Int
    public var identity: Identity

    public init(kind: Kind, size: Int = 0, identity: Identity) {
        self.kind = kind
        self.size = size
        self.identity = identity
    }
}
