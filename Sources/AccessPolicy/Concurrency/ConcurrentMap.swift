// The one bounded fan-out: catalog and name look-ups, list pages and policy files go through it.

extension Collection where Element: Sendable {
    /// `transform` applied to every element with at most `width` calls in flight, the results in the
    /// collection's order. The first error cancels the calls still running and is thrown.
    ///
    /// For look-ups that are each one request: in flight together they cost one round trip's latency per
    /// `width` of them instead of one each, and the client's own limits still pace them.
    public func concurrentMap<T: Sendable>(
        width: Int, _ transform: @escaping @Sendable (Element) async throws -> T
    ) async throws -> [T] {
        let elements = Array(self)
        guard elements.count > 1, width > 1 else {
            var results: [T] = []
            results.reserveCapacity(elements.count)
            for element in elements { results.append(try await transform(element)) }
            return results
        }
        return try await withThrowingTaskGroup(of: (Int, T).self) { group in
            var results = [T?](repeating: nil, count: elements.count)
            var next = 0
            func addNext() {
                guard next < elements.count else { return }
                let (position, element) = (next, elements[next])
                next += 1
                group.addTask { (position, try await transform(element)) }
            }
            for _ in 0..<width { addNext() }
            while let (position, result) = try await group.next() {
                results[position] = result
                addNext()
            }
            return results.map { $0! }
        }
    }
}
