/// The live list with a lookup by access key, built once per plan and shared by name resolution and the diff.
///
/// Stores positions rather than copies of items: at 100,000 items, dictionaries of `LiveItem` values cost more
/// in copying and freeing than the lookups themselves. ISC ids are 32 hex digits; those are packed into two
/// 64-bit integers and found in an open-addressing table hashed by multiply-shift, which is several times
/// faster than `Dictionary`'s SipHash over the strings. The multipliers are random per index, so ids a
/// hostile tenant picks cannot be made to collide on purpose. Other ids go through a `Dictionary`.
public struct LiveIndex: Sendable {
    public let items: [LiveItem]
    /// The key of each item, by position.
    private let keys: [Key]
    private let table: Table
    /// Further positions of keys listed more than once, by the key's first position (rare; ISC should not
    /// list a key twice, but may).
    private let more: [Int: [Int]]

    /// A lookup key: the id packed into integers when it is 32 hex digits, with the access type.
    private enum Key: Equatable {
        case hex(UInt64, UInt64, AccessType)
        case text(AccessKey)

        init(_ type: AccessType, _ id: String) {
            if let (high, low) = Key.packed(id) {
                self = .hex(high, low, type)
            } else {
                self = .text(AccessKey(type: type, id: id))
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

    /// Positions of the first item of each key: hex keys in open-addressing slots, text keys in a dictionary.
    private struct Table: Sendable {
        /// Position + 1 of the item in each slot; 0 is an empty slot.
        var slots: [Int32]
        var shift: UInt64
        var multipliers: (UInt64, UInt64)
        var text: [AccessKey: Int] = [:]

        init(capacityFor count: Int) {
            var bits: UInt64 = 4
            while (1 << bits) < count * 2 { bits += 1 }
            slots = [Int32](repeating: 0, count: 1 << bits)
            shift = 64 - bits
            var random = SystemRandomNumberGenerator()
            multipliers = (random.next() | 1, random.next() | 1)
        }

        /// Vector multiply-shift: the top bits of a random linear combination of the two halves.
        func slot(_ high: UInt64, _ low: UInt64) -> Int {
            Int(truncatingIfNeeded: (high &* multipliers.0 &+ low &* multipliers.1) >> shift)
        }

        var mask: Int { slots.count - 1 }
    }

    /// Builds the index on the calling thread.
    public init(_ items: [LiveItem]) {
        self.init(items: items, keys: items.indices.map { Key(items[$0].access.type, items[$0].access.id) })
    }

    /// Builds the index, packing the ids on two cores: worth it from tens of thousands of items.
    public static func build(_ items: [LiveItem]) async -> LiveIndex {
        guard items.count >= 20_000 else { return LiveIndex(items) }
        let keys = await concurrentMap(items) { items, position in
            Key(items[position].access.type, items[position].access.id)
        }
        return LiveIndex(items: items, keys: keys)
    }

    private init(items: [LiveItem], keys: [Key]) {
        self.items = items
        self.keys = keys
        var table = Table(capacityFor: keys.count)
        var more: [Int: [Int]] = [:]
        for position in keys.indices {
            if let first = Self.insert(position, keys: keys, into: &table) {
                more[first, default: []].append(position)
            }
        }
        self.table = table
        self.more = more
    }

    /// Files `position` under its key; returns the key's first position when it was there already.
    private static func insert(_ position: Int, keys: [Key], into table: inout Table) -> Int? {
        switch keys[position] {
        case .text(let key):
            if let first = table.text[key] { return first }
            table.text[key] = position
            return nil
        case .hex(let high, let low, _):
            var slot = table.slot(high, low)
            while true {
                let occupant = Int(table.slots[slot])
                if occupant == 0 {
                    table.slots[slot] = Int32(position + 1)
                    return nil
                }
                if keys[occupant - 1] == keys[position] { return occupant - 1 }
                slot = (slot + 1) & table.mask
            }
        }
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
        switch key {
        case .text(let text):
            return table.text[text]
        case .hex(let high, let low, _):
            var slot = table.slot(high, low)
            while true {
                let occupant = Int(table.slots[slot])
                if occupant == 0 { return nil }
                if keys[occupant - 1] == key { return occupant - 1 }
                slot = (slot + 1) & table.mask
            }
        }
    }

    /// Positions of further items with the same key as the item at `position` (almost always empty).
    public func duplicates(of position: Int) -> [Int] {
        more[position] ?? []
    }

    /// True when some key is listed more than once; lets the diff skip looking for duplicates.
    public var hasDuplicates: Bool { !more.isEmpty }

    /// `firstPosition(of:)` for every entry (nil for entries without an id), split across cores for large
    /// policy sets: packing the ids is most of the lookups' work.
    public func firstPositions(of entries: [PolicyEntry]) async -> [Int?] {
        guard entries.count >= 20_000 else { return entries.indices.map { lookUp(entries[$0]) } }
        return await Self.concurrentMap(entries) { entries, position in lookUp(entries[position]) }
    }

    /// Reads only the entry's type and id, in place: copying a whole entry would retain each of its strings.
    private func lookUp(_ entry: borrowing PolicyEntry) -> Int? {
        guard let id = entry.id else { return nil }
        return position(of: Key(entry.type, id))
    }

    /// `transform(values, position)` for every position, in two halves on two tasks. The transform reads the
    /// fields it needs from the array in place instead of receiving a copy of each element.
    private static func concurrentMap<T: Sendable, U: Sendable>(
        _ values: [T], _ transform: @escaping @Sendable ([T], Int) -> U
    ) async -> [U] {
        let middle = values.count / 2
        async let head = (0..<middle).map { transform(values, $0) }
        let tail = (middle..<values.count).map { transform(values, $0) }
        return await head + tail
    }
}
