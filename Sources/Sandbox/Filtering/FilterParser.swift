/// Parses ISC's `filters=` language against one endpoint's `FilterSchema`.
///
/// Grammar (lowercase keywords only, as ISC; `EQ` or `AND` is an error):
/// ```
/// or      := and ("or" and)*
/// and     := unary ("and" unary)*
/// unary   := "not" unary | primary
/// primary := "(" or ")" | "pr" FIELD | FIELD "isnull" | FIELD OP value | FIELD "in" "(" value ("," value)* ")"
/// value   := "\"…\"" (escapes \" and \\) | true | false | date-time
///            (and after `sw` on a date-time field, the beginning of one, quoted or not)
/// ```
/// Every error is an `APIError.badRequest` that says what was wrong and where.
struct FilterParser {
    /// Longer filters or deeper nesting are refused rather than risking the stack.
    static let maxLength = 8_192
    static let maxDepth = 64

    private enum Token: Equatable {
        case open, close, comma
        case quoted(String)
        case word(String)

        var text: String {
            switch self {
            case .open: "("
            case .close: ")"
            case .comma: ","
            case .quoted(let value): "\"\(value)\""
            case .word(let value): value
            }
        }
    }

    private let schema: FilterSchema
    private var tokens: [Token] = []
    private var position = 0
    private var depth = 0

    static func parse(_ text: String, schema: FilterSchema) throws(APIError) -> FilterExpression {
        guard text.count <= maxLength else { throw invalid("the filter is longer than \(maxLength) characters") }
        var parser = FilterParser(schema: schema)
        parser.tokens = try tokenize(text)
        guard !parser.tokens.isEmpty else { throw invalid("the filter is empty") }
        let expression = try parser.parseOr()
        if parser.position < parser.tokens.count {
            throw invalid("unexpected '\(parser.tokens[parser.position].text)'")
        }
        return expression
    }

    private init(schema: FilterSchema) {
        self.schema = schema
    }

    private static func invalid(_ reason: String) -> APIError {
        .badRequest("Invalid filter: \(reason).")
    }

    // MARK: - Tokens

    private static func tokenize(_ text: String) throws(APIError) -> [Token] {
        var tokens: [Token] = []
        var characters = Array(text)[...]
        while let character = characters.first {
            switch character {
            case " ", "\t", "\n", "\r":
                characters = characters.dropFirst()
            case "(":
                tokens.append(.open)
                characters = characters.dropFirst()
            case ")":
                tokens.append(.close)
                characters = characters.dropFirst()
            case ",":
                tokens.append(.comma)
                characters = characters.dropFirst()
            case "\"":
                characters = characters.dropFirst()
                var value = ""
                var closed = false
                while let next = characters.first {
                    characters = characters.dropFirst()
                    if next == "\"" {
                        closed = true
                        break
                    }
                    if next == "\\" {
                        guard let escaped = characters.first, escaped == "\"" || escaped == "\\" else {
                            throw invalid("only \\\" and \\\\ may be escaped in a quoted string")
                        }
                        value.append(escaped)
                        characters = characters.dropFirst()
                    } else {
                        value.append(next)
                    }
                }
                guard closed else { throw invalid("a quoted string is not closed") }
                tokens.append(.quoted(value))
            default:
                let word = characters.prefix { !" \t\n\r(),\"".contains($0) }
                tokens.append(.word(String(word)))
                characters = characters.dropFirst(word.count)
            }
        }
        return tokens
    }

    private var current: Token? {
        position < tokens.count ? tokens[position] : nil
    }

    private mutating func take() -> Token? {
        defer { position += 1 }
        return current
    }

    private mutating func takeKeyword(_ keyword: String) -> Bool {
        guard current == .word(keyword) else { return false }
        position += 1
        return true
    }

    // MARK: - Grammar

    private mutating func parseOr() throws(APIError) -> FilterExpression {
        var expression = try parseAnd()
        while takeKeyword("or") {
            expression = .or(expression, try parseAnd())
        }
        return expression
    }

    private mutating func parseAnd() throws(APIError) -> FilterExpression {
        var expression = try parseUnary()
        while takeKeyword("and") {
            expression = .and(expression, try parseUnary())
        }
        return expression
    }

    private mutating func parseUnary() throws(APIError) -> FilterExpression {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maxDepth else { throw Self.invalid("the filter nests deeper than \(Self.maxDepth)") }
        if takeKeyword("not") {
            guard schema.allowsNot else {
                throw Self.invalid("the composite operator 'not' is not supported here (use 'and' and 'or')")
            }
            return .not(try parseUnary())
        }
        return try parsePrimary()
    }

    private mutating func parsePrimary() throws(APIError) -> FilterExpression {
        switch take() {
        case nil:
            throw Self.invalid("the filter ends where a comparison was expected")
        case .open:
            let inner = try parseOr()
            guard take() == .close else { throw Self.invalid("a '(' is not closed") }
            return inner
        case .word("pr"):
            guard case .word(let name)? = take() else { throw Self.invalid("'pr' must be followed by a field") }
            _ = try field(named: name, op: .pr)
            return .comparison(field: name, op: .pr, value: nil)
        case .word(let name):
            guard case .word(let opText)? = take() else {
                throw Self.invalid("'\(name)' must be followed by an operator")
            }
            guard let op = FilterOperator(rawValue: opText) else {
                let hint = FilterOperator(rawValue: opText.lowercased()) != nil ? " (operators are lowercase)" : ""
                throw Self.invalid("unknown operator '\(opText)'\(hint)")
            }
            let spec = try field(named: name, op: op)
            if op == .isnull { return .comparison(field: name, op: op, value: nil) }
            if op == .sw, spec.kind == .dateTime {
                return .comparison(field: name, op: op, value: try parseDatePrefix(for: name))
            }
            let value =
                op == .in || op == .ca
                ? try parseList(for: name, kind: spec.kind) : try parseValue(for: name, kind: spec.kind)
            return .comparison(field: name, op: op, value: value)
        case let token?:
            throw Self.invalid("unexpected '\(token.text)' where a field was expected")
        }
    }

    private func field(named name: String, op: FilterOperator) throws(APIError) -> FilterSchema.Field {
        guard let spec = schema.fields[name] else {
            let supported = schema.fields.keys.sorted().joined(separator: ", ")
            throw Self.invalid("filtering on '\(name)' is not supported (supported fields: \(supported))")
        }
        guard spec.operators.contains(op) else {
            let supported = spec.operators.map(\.rawValue).joined(separator: ", ")
            throw Self.invalid("operator '\(op.rawValue)' is not supported for '\(name)' (supported: \(supported))")
        }
        return spec
    }

    private mutating func parseList(for field: String, kind: FilterSchema.Kind) throws(APIError) -> FilterValue {
        guard take() == .open else { throw Self.invalid("'in' needs a parenthesised list of values") }
        var values: [FilterValue] = [try parseValue(for: field, kind: kind)]
        while true {
            switch take() {
            case .comma: values.append(try parseValue(for: field, kind: kind))
            case .close: return .list(values)
            default: throw Self.invalid("a list of values must be separated by ',' and closed by ')'")
            }
        }
    }

    /// `created sw 2024-03` (allowed only by the access-request administration list): the beginning of a
    /// date-time, unquoted like a date-time or quoted like a string.
    private mutating func parseDatePrefix(for field: String) throws(APIError) -> FilterValue {
        switch take() {
        case .word(let text)?, .quoted(let text)?:
            guard !text.isEmpty, text.allSatisfy({ $0.isASCII && ($0.isNumber || "-:.TZ".contains($0)) }) else {
                throw Self.invalid("'\(text)' is not the beginning of a date-time such as 2024-01-31T12:00:00Z")
            }
            return .string(text)
        case nil:
            throw Self.invalid("a value is missing after the operator on '\(field)'")
        case let token?:
            throw Self.invalid("'\(field)' compares with the beginning of a date-time, not \(token.text)")
        }
    }

    private mutating func parseValue(for field: String, kind: FilterSchema.Kind) throws(APIError) -> FilterValue {
        let token = take()
        switch (kind, token) {
        case (.string, .quoted(let value)?):
            return .string(value)
        case (.boolean, .word("true")?):
            return .boolean(true)
        case (.boolean, .word("false")?):
            return .boolean(false)
        case (.dateTime, .word(let text)?):
            guard let date = Timestamp.date(from: text) else {
                throw Self.invalid("'\(text)' is not a date-time such as 2024-01-31T12:00:00Z")
            }
            return .dateTime(date)
        case (_, nil):
            throw Self.invalid("a value is missing after the operator on '\(field)'")
        case (.string, let token?):
            throw Self.invalid("'\(field)' compares with a double-quoted string, not \(token.text)")
        case (.boolean, let token?):
            throw Self.invalid("'\(field)' compares with unquoted true or false, not \(token.text)")
        case (.dateTime, let token?):
            throw Self.invalid("'\(field)' compares with an unquoted date-time, not \(token.text)")
        }
    }
}
