import Foundation

/// ISC's `sorters=` parameter: a comma-separated list of field names, `-` in front for descending.
/// Unknown fields are a 400. Ties are always broken by the record id, so paging is stable.
struct Sorting: Sendable {
    struct Key: Sendable, Hashable {
        var field: String
        var descending: Bool
    }

    var keys: [Key]

    /// - Parameters:
    ///   - text: the raw `sorters` value, `nil` when absent.
    ///   - allowed: the fields this endpoint sorts by.
    ///   - defaultField: the order when no sorter is given (ascending).
    init(_ text: String?, allowed: [String], defaultField: String) throws(APIError) {
        guard let text else {
            keys = [Key(field: defaultField, descending: false)]
            return
        }
        keys = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let descending = part.hasPrefix("-")
            let field = String(descending ? part.dropFirst() : part)
            guard allowed.contains(field) else {
                throw .badRequest(
                    "Invalid sorter '\(part)': sorting by '\(field)' is not supported (supported: "
                        + "\(allowed.joined(separator: ", ")), with '-' for descending).")
            }
            keys.append(Key(field: field, descending: descending))
        }
    }

    /// Sorts by the keys, then by `id`.
    ///
    /// Each key's values are read once per record, not once per comparison: a sort of 100,000 records makes
    /// about 1.7 million comparisons.
    /// - Parameter value: a record's value for one of the keys' fields.
    func sorted<Record>(_ records: [Record], id: (Record) -> String, value: (Record, String) -> SortValue) -> [Record] {
        let columns = keys.map { key in records.map { value($0, key.field) } }
        let ids = records.map(id)
        let descending = keys.map(\.descending)
        let order = records.indices.sorted { lhs, rhs in
            for (column, descending) in zip(columns, descending) {
                let order = SortValue.compare(column[lhs], column[rhs])
                if order != 0 { return descending ? order > 0 : order < 0 }
            }
            return ids[lhs] < ids[rhs]
        }
        return order.map { records[$0] }
    }

    /// Plain code-point order ("AWS" before "All"), the order a byte-wise index gives; the reference does
    /// not say more than "by name, ascending", and clients must not depend on more.
    static func compare(_ lhs: String, _ rhs: String) -> Int {
        lhs == rhs ? 0 : (lhs < rhs ? -1 : 1)
    }

    static func compare(_ lhs: Date, _ rhs: Date) -> Int {
        lhs == rhs ? 0 : (lhs < rhs ? -1 : 1)
    }
}
