import HTTPTypes
import Hummingbird

/// The standard collection parameters (`offset`, `limit`, `count`, `filters`, `sorters`), checked the way
/// ISC checks them: a value out of range or of the wrong type is a 400, never silently clamped.
struct CollectionQuery: Sendable {
    var offset: Int
    var limit: Int
    var count: Bool
    /// `nil` when absent or empty.
    var filters: String?
    /// `nil` when absent or empty.
    var sorters: String?

    /// - Parameter maxLimit: the endpoint's maximum and default page size (250, or 50 for roles).
    init(_ query: FormEncoding, maxLimit: Int) throws(APIError) {
        offset = try Self.integer(query["offset"], name: "offset", range: 0...Int(Int32.max)) ?? 0
        limit = try Self.integer(query["limit"], name: "limit", range: 0...maxLimit) ?? maxLimit
        count = try Self.boolean(query["count"], name: "count") ?? false
        filters = query["filters"].flatMap { $0.isEmpty ? nil : $0 }
        sorters = query["sorters"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// `X-Total-Count` when `count=true` (the total after filtering, ignoring offset and limit).
    func totalCountHeader(_ total: Int) -> HTTPFields {
        count ? [HTTPField.Name("X-Total-Count")!: String(total)] : [:]
    }

    static func integer(_ text: String?, name: String, range: ClosedRange<Int>) throws(APIError) -> Int? {
        guard let text else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw .badRequest(
                "Invalid value \"\(text)\" for query parameter '\(name)': expected an integer from "
                    + "\(range.lowerBound) to \(range.upperBound).")
        }
        return value
    }

    static func boolean(_ text: String?, name: String) throws(APIError) -> Bool? {
        switch text?.lowercased() {
        case nil: nil
        case "true": true
        case "false": false
        default:
            throw .badRequest("Invalid value \"\(text ?? "")\" for query parameter '\(name)': expected true or false.")
        }
    }
}
