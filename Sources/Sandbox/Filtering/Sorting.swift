import Foundation

/// ISC's `sorters=` parameter: a comma-separated list of field names, `-` in front for descending.
/// Unknown fields are a 400. Ties are always broken by the record id, so paging is stable.
struct Sorting: Sendable {
    struct Key: Sendable, Equatable {
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
    /// - Parameter compare: orders two records by one field; negative, zero or positive.
    func sorted<Record>(
        _ records: [Record], id: (Record) -> String, compare: (String, Record, Record) -> Int
    ) -> [Record] {
        records.sorted { lhs, rhs in
            for key in keys {
                let order = compare(key.field, lhs, rhs)
                if order != 0 { return key.descending ? order > 0 : order < 0 }
            }
            return id(lhs) < id(rhs)
        }
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
