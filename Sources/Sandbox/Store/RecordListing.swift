/// A page of a listing, and how many records matched in all (`X-Total-Count`).
struct ListPage<Element: Sendable>: Sendable {
    var elements: [Element]
    var total: Int
}

/// Answers `GET` on one collection (common-access items, roles or access profiles) without sorting or
/// scanning the whole collection per page.
///
/// It holds positions into the caller's array of records, never the records, so it stays valid while the
/// records change in place, as long as records are only appended and every change that affects filters
/// or sort order is reported (`inserted(_:in:)`, `recordsChanged()`). Costs:
/// - default order, no filter (the bulk of a full listing): O(page + N/512), from a maintained order;
/// - a filter with an exact match on an indexed field (`access.id eq "…"`, `name eq "…"`): the matches only;
/// - any other filter or sorter: one O(N) scan (and O(N log N) sort) per query, then cached until the
///   records change, so paging through it costs O(page) per page.
struct RecordListing<Record: ListedRecord>: Sendable {
    /// Different queries kept at once; a client pages through one or two at a time.
    private static var maxCachedQueries: Int { 8 }

    private struct Query: Hashable {
        var filter: FilterExpression?
        var sorting: [Sorting.Key]
    }

    /// The default order's keys by position, kept apart from the records so that comparing two costs two
    /// string comparisons, not two copies of a record.
    private var names: [String]
    private var ids: [String]
    private var order: ChunkedOrder
    /// Per indexed field, positions by the field's value lowercased.
    private var indexes: [String: PositionIndex]
    /// Positions matching a query, in its order.
    private var cache: [Query: [Int]] = [:]

    /// The number of records listed.
    var count: Int { order.count }

    init(_ records: [Record]) {
        let names = records.map(\.sortName)
        let ids = records.map(\.id)
        self.names = names
        self.ids = ids
        order = ChunkedOrder(
            ordered: records.indices.sorted { Self.inDefaultOrder($0, $1, names: names, ids: ids) })
        indexes = [:]
        for field in Record.indexedFields {
            var index = PositionIndex(capacity: records.count)
            for (position, record) in records.enumerated() {
                if let key = Self.indexKey(of: record, field: field) { index.insert(position, for: key) }
            }
            indexes[field] = index
        }
    }

    private static func inDefaultOrder(_ lhs: Int, _ rhs: Int, names: [String], ids: [String]) -> Bool {
        names[lhs] == names[rhs] ? ids[lhs] < ids[rhs] : names[lhs] < names[rhs]
    }

    /// Positions of the records whose `field` equals `value`, ignoring case; `field` must be indexed.
    func positions(whereField field: String, equals value: String) -> [Int] {
        indexes[field]?.positions(for: Self.lowercased(value)) ?? []
    }

    /// Lists the record that was just appended at `position` of `records`.
    mutating func inserted(_ position: Int, in records: [Record]) {
        precondition(position == names.count, "records are only ever appended")
        names.append(records[position].sortName)
        ids.append(records[position].id)
        order.insert(position) { [names, ids] in Self.inDefaultOrder($0, $1, names: names, ids: ids) }
        for field in Record.indexedFields {
            if let key = Self.indexKey(of: records[position], field: field) {
                indexes[field]?.insert(position, for: key)
            }
        }
        cache.removeAll()
    }

    /// Forgets cached queries after records changed in place. The default order and the indexes must not
    /// depend on what changed (status, review dates).
    mutating func recordsChanged() {
        cache.removeAll()
    }

    /// The page `offset..<offset + limit` of the records matching `filter`, in `sorting`'s order.
    mutating func page(
        of records: [Record], filter: FilterExpression?, sorting: Sorting, offset: Int, limit: Int
    ) -> ListPage<Record> {
        let isDefaultOrder = sorting.keys == [Sorting.Key(field: Record.defaultSortField, descending: false)]
        if filter == nil, isDefaultOrder {
            return ListPage(
                elements: order.positions(offset: offset, limit: limit).map { records[$0] }, total: order.count)
        }
        let ordered: [Int]
        if let filter, let candidates = filter.candidatePositions({ indexes[$0] }) {
            let matching = candidates.filter { position in Self.matches(filter, records[position]) }
            ordered = sorted(matching, by: sorting, in: records)
        } else if let cached = cache[Query(filter: filter, sorting: sorting.keys)] {
            ordered = cached
        } else {
            var positions = order.all
            if let filter {
                positions.removeAll { position in !Self.matches(filter, records[position]) }
            }
            if !isDefaultOrder {
                positions = sorted(positions, by: sorting, in: records)
            }
            if cache.count >= Self.maxCachedQueries { cache.removeAll() }
            cache[Query(filter: filter, sorting: sorting.keys)] = positions
            ordered = positions
        }
        let page = offset < ordered.count ? ordered[offset..<min(ordered.count, offset + limit)] : []
        return ListPage(elements: page.map { records[$0] }, total: ordered.count)
    }

    private static func matches(_ filter: FilterExpression, _ record: Record) -> Bool {
        filter.matches { record.filterValue(of: $0) }
    }

    private func sorted(_ positions: some Sequence<Int>, by sorting: Sorting, in records: [Record]) -> [Int] {
        sorting.sorted(Array(positions), id: { ids[$0] }, value: { records[$0].sortValue(of: $1) })
    }

    private static func indexKey(of record: Record, field: String) -> String? {
        guard case .string(let value?) = record.filterValue(of: field) else { return nil }
        return lowercased(value)
    }

    /// `value.lowercased()`, without a copy when there is nothing to lower (ids are lowercase already).
    private static func lowercased(_ value: String) -> String {
        value.utf8.allSatisfy { $0 < 0x80 && !(0x41...0x5A).contains($0) } ? value : value.lowercased()
    }
}
