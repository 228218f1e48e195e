// Index look-ups for `eq` and `in` filters, so a filtered list does not scan the whole tenant.

extension FilterExpression {
    /// The positions of the records that may match, found in exact-match indexes instead of a scan; `nil`
    /// when some part of the expression needs a scan (`sw`, `not`, a field without an index, …).
    ///
    /// A superset: the caller still evaluates the whole expression on each candidate. It exists because
    /// clients look single records up by id or name (`access.id eq "…"` before retrying a create,
    /// `name eq "…"` to resolve a role), and at 100,000 records a scan per look-up is what makes a
    /// simulated tenant slower than the client it is meant to measure.
    /// - Parameter index: the index of a field, keyed by the field's value lowercased (string comparisons
    ///   ignore case); `nil` for a field without one.
    func candidatePositions(_ index: (String) -> PositionIndex?) -> Set<Int>? {
        switch self {
        case .comparison(let field, .eq, .string(let value)?):
            return index(field).map { Set($0.positions(for: value.lowercased())) }
        case .comparison(let field, .in, .list(let values)?):
            guard let index = index(field) else { return nil }
            var positions: Set<Int> = []
            for value in values {
                guard case .string(let text) = value else { return nil }
                positions.formUnion(index.positions(for: text.lowercased()))
            }
            return positions
        case .and(let lhs, let rhs):
            switch (lhs.candidatePositions(index), rhs.candidatePositions(index)) {
            case (let left?, let right?): return left.count <= right.count ? left : right
            case (let left?, nil): return left
            case (nil, let right?): return right
            case (nil, nil): return nil
            }
        case .or(let lhs, let rhs):
            guard let left = lhs.candidatePositions(index), let right = rhs.candidatePositions(index) else {
                return nil
            }
            return left.union(right)
        case .comparison, .not:
            return nil
        }
    }
}
