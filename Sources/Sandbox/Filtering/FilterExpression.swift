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
        case (.string(let actual?), .eq, .string(let expected)?):
            return actual.lowercased() == expected.lowercased()
        case (.string(let actual?), .sw, .string(let expected)?):
            return actual.lowercased().hasPrefix(expected.lowercased())
        case (.string(let actual?), .in, .list(let values)?):
            return values.contains { compare(.string(actual), .eq, $0) }
        case (.boolean(let actual), .eq, .boolean(let expected)?):
            return actual == expected
        case (.dateTime(let actual), _, .dateTime(let expected)?):
            switch op {
            case .eq: return actual == expected
            case .gt: return actual > expected
            case .ge: return actual >= expected
            case .lt: return actual < expected
            case .le: return actual <= expected
            default: return false
            }
        default:
            // A null string matches nothing; other pairs were rejected by the schema before evaluation.
            return false
        }
    }
}
