/// SailPoint `filters=` expressions, with string values quoted and escaped.
///
/// Inside the quotes `\` becomes `\\` and `"` becomes `\"` (standard collection parameters); URL encoding is a
/// separate, later step (``PercentEncoding``).
enum FilterExpression {
    /// `field eq "value"`.
    static func equals(_ field: String, _ value: String) -> String { "\(field) eq \(quoted(value))" }

    /// `field in ("a", "b")`.
    static func isIn(_ field: String, _ values: [String]) -> String {
        "\(field) in (\(values.map(quoted).joined(separator: ", ")))"
    }

    /// `field sw "value"`.
    static func startsWith(_ field: String, _ value: String) -> String { "\(field) sw \(quoted(value))" }

    static func quoted(_ value: String) -> String {
        var escaped = ""
        for character in value {
            switch character {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            default: escaped.append(character)
            }
        }
        return "\"\(escaped)\""
    }
}
