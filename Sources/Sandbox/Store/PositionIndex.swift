/// Positions of records by a string key, for exact look-ups that would otherwise scan every record.
///
/// Most keys name one record (ids, most names), so the first position lives in a plain dictionary and only
/// the rare repeats (two access profiles named "Finance Shared Drive") get an array: 100,000 one-element
/// arrays would cost as much to build as the scan they replace.
struct PositionIndex: Sendable {
    private var first: [String: Int] = [:]
    private var more: [String: [Int]] = [:]

    /// An empty index with room for `capacity` keys.
    init(capacity: Int = 0) {
        first.reserveCapacity(capacity)
    }

    /// Indexes `keys[i]` at position `i`.
    init(keys: some Collection<String>) {
        self.init(capacity: keys.count)
        for (position, key) in keys.enumerated() {
            insert(position, for: key)
        }
    }

    /// Adds `position` under `key`, after the positions already there.
    mutating func insert(_ position: Int, for key: String) {
        if let existing = first.updateValue(position, forKey: key) {
            first[key] = existing
            more[key, default: []].append(position)
        }
    }

    /// The positions under `key`, in the order they were inserted.
    func positions(for key: String) -> [Int] {
        guard let head = first[key] else { return [] }
        return [head] + (more[key] ?? [])
    }

    /// The first position under `key`.
    func firstPosition(for key: String) -> Int? {
        first[key]
    }
}
