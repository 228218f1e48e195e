import Foundation
import Testing

@testable import Sandbox

@Suite("FilterParser")
struct FilterParserTests {
    private func parse(_ text: String, _ schema: FilterSchema = .commonAccess) throws -> FilterExpression {
        try FilterParser.parse(text, schema: schema)
    }

    private func eq(_ field: String, _ value: String) -> FilterExpression {
        .comparison(field: field, op: .eq, value: .string(value))
    }

    @Test("not binds tighter than and, which binds tighter than or (the docs' first example)")
    func precedence() throws {
        let parsed = try parse(#"not status eq "A" or access.name eq "B" and access.id eq "C""#)
        #expect(parsed == .or(.not(eq("status", "A")), .and(eq("access.name", "B"), eq("access.id", "C"))))
    }

    @Test("parentheses override precedence (the docs' second example)")
    func parentheses() throws {
        let parsed = try parse(#"not (status eq "A" or access.name eq "B") and access.id eq "C""#)
        #expect(parsed == .and(.not(.or(eq("status", "A"), eq("access.name", "B"))), eq("access.id", "C")))
    }

    @Test("and and or associate to the left")
    func associativity() throws {
        let parsed = try parse(#"status eq "A" or status eq "B" or status eq "C""#)
        #expect(parsed == .or(.or(eq("status", "A"), eq("status", "B")), eq("status", "C")))
    }

    @Test("escapes, booleans, date-times and lists become typed values")
    func values() throws {
        #expect(try parse(#"access.name eq "a\"b\\c""#) == eq("access.name", #"a"b\c"#))
        #expect(
            try parse("reviewedByUser eq true") == .comparison(field: "reviewedByUser", op: .eq, value: .boolean(true)))
        let date = try #require(ISO8601DateFormatter().date(from: "2018-12-18T23:05:55Z"))
        #expect(
            try parse("created gt 2018-12-18T23:05:55Z", .roles)
                == .comparison(field: "created", op: .gt, value: .dateTime(date)))
        #expect(
            try parse(#"id in ("a","b")"#, .roles)
                == .comparison(field: "id", op: .in, value: .list([.string("a"), .string("b")])))
    }

    @Test("whitespace between tokens does not matter")
    func whitespace() throws {
        #expect(try parse("  ( status   eq\t\"A\" )  ") == eq("status", "A"))
    }

    @Test("absurdly deep nesting is refused, not a stack overflow")
    func depth() {
        let deep = String(repeating: "not ", count: 500) + #"status eq "A""#
        #expect(throws: APIError.self) { try parse(deep) }
    }
}
