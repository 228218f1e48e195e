import Foundation

/// The primitive operators of ISC's filter language (`standard-collection-parameters.md`). Each endpoint
/// accepts only some of them on some fields; see `FilterSchema`.
enum FilterOperator: String, Sendable, CaseIterable {
    case eq, ne, gt, ge, lt, le, sw, co, `in`, ca, pr, isnull
}

/// A literal on the right of an operator.
enum FilterValue: Sendable, Hashable {
    case string(String)
    case boolean(Bool)
    case dateTime(Date)
    case list([FilterValue])
}

/// A parsed `filters=` expression. `not` binds tighter than `and`, which binds tighter than `or`.
indirect enum FilterExpression: Sendable, Hashable {
    case comparison(field: String, op: FilterOperator, value: FilterValue?)
    case not(FilterExpression)
    case and(FilterExpression, FilterExpression)
    case or(FilterExpression, FilterExpression)

    /// Every comparison in the expression, for endpoint quirks that look at one field.
    var comparisons: [(field: String, op: FilterOperator, value: FilterValue?)] {
        switch self {
        case .comparison(let field, let op, let value): [(field, op, value)]
        case .not(let inner): inner.comparisons
        case .and(let lhs, let rhs), .or(let lhs, let rhs): lhs.comparisons + rhs.comparisons
        }
    }
}

/// What a record holds in a filterable field.
enum FieldValue: Sendable {
    case string(String?)
    case boolean(Bool)
    case dateTime(Date)
    /// Several strings, any of which may match `eq` or `in` (the owners of an item's approvals).
    case strings([String])
}

extension FilterExpression {
    /// Whether a record matches. String comparisons ignore case, as "most comparisons" in ISC do.
    /// - Parameter field: the record's value for a field name the schema accepted.
    func matches(_ field: (String) -> FieldValue) -> Bool {
        switch self {
        case .not(let inner): !inner.matches(field)
        case .and(let lhs, let rhs): lhs.matches(field) && rhs.matches(field)
        case .or(let lhs, let rhs): lhs.matches(field) || rhs.matches(field)
        case .comparison(let name, let op, let value): Self.compare(field(name), op, value)
        }
    }

    private static func compare(_ actual: FieldValue, _ op: FilterOperator, _ expected: FilterValue?) -> Bool {
        switch (actual, op, expected) {
        case (.string(let actual), .isnull, nil):
            return actual == nil
        case (.boolean, .isnull, nil), (.dateTime, .isnull, nil):
            return false
        case (.string(nil), .ne, .string?):
            return true
        case (.string(let actual?), .sw, .string(let expected)?):
            return actual.lowercased().hasPrefix(expected.lowercased())
        case (.string(let actual?), _, .string(let expected)?):
            return order(actual.lowercased(), op, expected.lowercased())
        case (.string(let actual?), .in, .list(let values)?):
            return values.contains { compare(.string(actual), .eq, $0) }
        case (.strings(let actual), .eq, .string?), (.strings(let actual), .in, .list?):
            return actual.contains { compare(.string($0), op, expected) }
        case (.boolean(let actual), .eq, .boolean(let expected)?):
            return actual == expected
        case (.dateTime(let actual), .in, .list(let values)?):
            return values.contains { compare(.dateTime(actual), .eq, $0) }
        case (.dateTime(let actual), .sw, .string(let prefix)?):
            // `created sw 2024-03` (access-request administration): a prefix of the canonical UTC form.
            return Timestamp.string(from: actual).hasPrefix(prefix)
        case (.dateTime(let actual), _, .dateTime(let expected)?):
            return order(actual, op, expected)
        default:
            // A null string matches nothing but `ne` and `isnull`; other pairs were rejected by the schema.
            return false
        }
    }

    /// The comparison operators; on strings they are lexicographic, as ISC documents (`name gt "Genaro"`).
    private static func order<T: Comparable>(_ actual: T, _ op: FilterOperator, _ expected: T) -> Bool {
        switch op {
        case .eq: actual == expected
        case .ne: actual != expected
        case .gt: actual > expected
        case .ge: actual >= expected
        case .lt: actual < expected
        case .le: actual <= expected
        default: false
        }
    }
}
