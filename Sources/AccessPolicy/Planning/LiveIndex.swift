/// The live list with a lookup by access key, built once per plan and shared by name resolution and the diff.
///
/// Stores positions rather than copies of items: at 100,000 items, dictionaries of `LiveItem` values cost more
/// in copying and freeing than the lookups themselves. ISC ids are 32 hex digits; those are looked up as two
/// 64-bit integers, which hash and compare several times faster than the strings (other ids work as strings).
/// The lookup is split in two shards so that the planner can build and query them on two cores at once.
public struct LiveIndex: Sendable {
    public let items: [LiveItem]
    private let shards: [Shard]

    /// A lookup key: the id packed into integers when it is 32 hex digits, with the access type.
    private enum Key: Hashable {
        case hex(UInt64, UInt64, AccessType)
        case text(AccessKey)

        init(_ type: AccessType, _ id: String) {
            if let (high, low) = Key.packed(id) {
                self = .hex(high, low, type)
            } else {
                self = .text(AccessKey(type: type, id: id))
            }
        }

        /// Which shard the key belongs to.
        var shard: Int {
            switch self {
            case .hex(_, let low, _): Int(low & 1)
            case .text(let key): Int(key.id.utf8.count & 1)
            }
        }

        func hash(into hasher: inout Hasher) {
            switch self {
            case .hex(let high, let low, _):
                hasher.combine(high)
                hasher.combine(low)
            case .text(let key): hasher.combine(key)
            }
        }

        /// 32 lowercase hex digits (ISC's id format) as two integers, or nil for any other id.
        private static func packed(_ id: String) -> (UInt64, UInt64)? {
            id.utf8.withContiguousStorageIfAvailable { bytes -> (UInt64, UInt64)? in
                guard bytes.count == 32 else { return nil }
                var high: UInt64 = 0
                var low: UInt64 = 0
                for (offset, byte) in bytes.enumerated() {
                    let digit: UInt8
                    switch byte {
                    case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte &- UInt8(ascii: "0")
                    case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte &- UInt8(ascii: "a") &+ 10
                    default: return nil
                    }
                    if offset < 16 { high = high << 4 | UInt64(digit) } else { low = low << 4 | UInt64(digit) }
                }
                return (high, low)
            } ?? nil
        }
    }

    /// Position of the first item for each key, and further positions for keys listed more than once (rare;
    /// ISC should not, but may).
    private struct Shard: Sendable {
        var first: [Key: Int] = [:]
        var more: [Int: [Int]] = [:]

        init(keys: [Key], shard: Int) {
            first.reserveCapacity(keys.count / LiveIndex.shardCount + 16)
            for (position, key) in keys.enumerated() where key.shard == shard {
                if let earlier = first[key] {
                    more[earlier, default: []].append(position)
                } else {
                    first[key] = position
                }
            }
        }
    }

    private static let shardCount = 2

    /// Builds the index on the calling thread.
    public init(_ items: [LiveItem]) {
        self.items = items
        let keys = items.map { Key($0.access.type, $0.access.id) }
        shards = (0..<Self.shardCount).map { Shard(keys: keys, shard: $0) }
    }

    /// Builds the shards concurrently: worth it from tens of thousands of items.
    public static func build(_ items: [LiveItem]) async -> LiveIndex {
        guard items.count >= 20_000 else { return LiveIndex(items) }
        let keys = await concurrentMap(items) { Key($0.access.type, $0.access.id) }
        let shards = await withTaskGroup(of: (Int, Shard).self) { group in
            for shard in 0..<shardCount {
                group.addTask { (shard, Shard(keys: keys, shard: shard)) }
            }
            var built = [Shard?](repeating: nil, count: shardCount)
            for await (shard, index) in group { built[shard] = index }
            return built.compactMap { $0 }
        }
        return LiveIndex(items: items, shards: shards)
    }

    private init(items: [LiveItem], shards: [Shard]) {
        self.items = items
        self.shards = shards
    }

    /// Position of the first item for `key`; nil when the tenant does not list it.
    public func firstPosition(of key: AccessKey) -> Int? {
        position(of: Key(key.type, key.id))
    }

    /// The first item for `key`.
    public func item(for key: AccessKey) -> LiveItem? {
        firstPosition(of: key).map { items[$0] }
    }

    private func position(of key: Key) -> Int? {
        shards[key.shard].first[key]
    }

    /// Positions of further items with the same key as the item at `position` (almost always empty).
    public func duplicates(of position: Int) -> [Int] {
        guard hasDuplicates else { return [] }
        let item = items[position]
        return shards[Key(item.access.type, item.access.id).shard].more[position] ?? []
    }

    /// True when some key is listed more than once; lets the diff skip looking for duplicates.
    public var hasDuplicates: Bool { shards.contains { !$0.more.isEmpty } }

    /// `firstPosition(of:)` for every entry (nil for entries without an id), split across cores for large
    /// policy sets: the lookups are most of a diff's work.
    public func firstPositions(of entries: [PolicyEntry]) async -> [Int?] {
        guard entries.count >= 20_000 else { return entries.map { lookUp($0) } }
        return await Self.concurrentMap(entries) { lookUp($0) }
    }

    private func lookUp(_ entry: PolicyEntry) -> Int? {
        entry.id.flatMap { position(of: Key(entry.type, $0)) }
    }

    /// `map` in two halves on two tasks.
    private static func concurrentMap<T: Sendable, U: Sendable>(
        _ values: [T], _ transform: @escaping @Sendable (T) -> U
    )
        async -> [U]
    {
        let middle = values.count / 2
        async let head = values[..<middle].map(transform)
        let tail = values[middle...].map(transform)
        return await head + tail
    }
}
