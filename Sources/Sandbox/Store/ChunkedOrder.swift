/// Positions (indices into an array of records) kept in a fixed order, stored in chunks of a few hundred.
///
/// The default listing order of 100,000 items must survive thousands of creates without re-sorting: one
/// flat sorted array would move half of its elements on every insert, a chunked one moves at most one
/// chunk. Reading a page walks the chunk sizes (a few hundred at 100,000 positions) and copies the page.
///
/// The order itself is the caller's: every mutating call takes the comparison it must keep.
struct ChunkedOrder: Sendable {
    /// Chunks are split when they grow past twice this size.
    static let chunkSize = 512

    private var chunks: [[Int]]
    /// How many positions there are in all.
    private(set) var count: Int

    /// Takes `positions` as they are; they must already be in the order later inserts keep.
    init(ordered positions: [Int]) {
        count = positions.count
        chunks = stride(from: 0, to: positions.count, by: Self.chunkSize).map { start in
            Array(positions[start..<min(positions.count, start + Self.chunkSize)])
        }
    }

    /// Inserts `position` after every position ordered before it or equal to it.
    /// - Parameter areInIncreasingOrder: the order the positions are in (a strict weak order).
    mutating func insert(_ position: Int, by areInIncreasingOrder: (Int, Int) -> Bool) {
        defer { count += 1 }
        guard !chunks.isEmpty else {
            chunks = [[position]]
            return
        }
        // The first chunk whose last element comes after `position`; the last chunk when none does.
        var low = 0
        var high = chunks.count - 1
        while low < high {
            let middle = (low + high) / 2
            if areInIncreasingOrder(position, chunks[middle][chunks[middle].count - 1]) {
                high = middle
            } else {
                low = middle + 1
            }
        }
        let chunk = low
        var lower = 0
        var upper = chunks[chunk].count
        while lower < upper {
            let middle = (lower + upper) / 2
            if areInIncreasingOrder(position, chunks[chunk][middle]) {
                upper = middle
            } else {
                lower = middle + 1
            }
        }
        chunks[chunk].insert(position, at: lower)
        if chunks[chunk].count > 2 * Self.chunkSize {
            let tail = Array(chunks[chunk][Self.chunkSize...])
            chunks[chunk].removeSubrange(Self.chunkSize...)
            chunks.insert(tail, at: chunk + 1)
        }
    }

    /// At most `limit` positions starting at `offset`, in order; empty when `offset` is past the end.
    func positions(offset: Int, limit: Int) -> [Int] {
        guard offset < count, limit > 0 else { return [] }
        var result: [Int] = []
        result.reserveCapacity(min(limit, count - offset))
        var skip = offset
        for chunk in chunks {
            if skip >= chunk.count {
                skip -= chunk.count
                continue
            }
            let take = min(chunk.count - skip, limit - result.count)
            result.append(contentsOf: chunk[skip..<skip + take])
            skip = 0
            if result.count == limit { break }
        }
        return result
    }

    /// Every position, in order.
    var all: [Int] {
        var result: [Int] = []
        result.reserveCapacity(count)
        for chunk in chunks { result.append(contentsOf: chunk) }
        return result
    }
}
