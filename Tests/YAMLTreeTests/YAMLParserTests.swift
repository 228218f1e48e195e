import Testing
import YAMLTree

@Suite("Parsing YAML into located nodes")
struct YAMLParserTests {
    @Test("scalars carry 1-based line and column")
    func scalarLocations() throws {
        let documents = try YAMLParser.parse("roles:\n  - name: Finance Admin\n", file: "policy.yaml")
        let root = try #require(documents.first)
        guard case .mapping(let pairs) = root.content else {
            Issue.record("expected a mapping")
            return
        }
        #expect(pairs[0].key.location.description == "policy.yaml:1:1")
        guard case .sequence(let items) = pairs[0].value.content, case .mapping(let entry) = items[0].content else {
            Issue.record("expected a list of mappings")
            return
        }
        #expect(items[0].location.description == "policy.yaml:2:5")
        #expect(entry[0].key.scalar?.value == "name")
        #expect(entry[0].value.scalar?.value == "Finance Admin")
        #expect(entry[0].value.location.description == "policy.yaml:2:11")
    }

    @Test("a syntax error names file, line and column, with libyaml's context as a note")
    func syntaxError() throws {
        let error = try #require(throws: YAMLError.self) {
            try YAMLParser.parse("roles: [a, b\nnext: 1\n", file: "bad.yaml")
        }
        #expect(error.location.file == "bad.yaml")
        #expect(error.location.line == 2)
        #expect(error.message.contains("did not find expected ',' or ']'"))
        #expect(error.context?.location.line == 1)
    }

    @Test("quoting styles are kept, so null and \"null\" differ")
    func styles() throws {
        let root = try #require(
            try YAMLParser.parse("a: null\nb: \"null\"\nc: 'x'\nd: |\n  text\n", file: "s.yaml").first)
        guard case .mapping(let pairs) = root.content else {
            Issue.record("expected a mapping")
            return
        }
        #expect(pairs[0].value.scalar?.isNull == true)
        #expect(pairs[1].value.scalar?.isNull == false)
        #expect(pairs[2].value.scalar?.style == .singleQuoted)
        #expect(pairs[3].value.scalar?.style == .literal)
        #expect(pairs[3].value.scalar?.value == "text\n")
    }

    @Test("an empty or comment-only file has no documents")
    func emptyFile() throws {
        #expect(try YAMLParser.parse("", file: "e.yaml").isEmpty)
        #expect(try YAMLParser.parse("# nothing here\n", file: "e.yaml").isEmpty)
    }

    @Test("aliases are expanded to copies of their anchors")
    func aliases() throws {
        let root = try #require(try YAMLParser.parse("a: &x [1, 2]\nb: *x\n", file: "a.yaml").first)
        guard case .mapping(let pairs) = root.content, case .sequence(let items) = pairs[1].value.content else {
            Issue.record("expected b to be a list")
            return
        }
        #expect(items.map { $0.scalar?.value } == ["1", "2"])
        #expect(pairs[1].value.location.line == 2)
    }

    @Test("an alias bomb stops at the alias limit with a located error")
    func aliasBomb() throws {
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 {
            let previous = "*a\(level - 1)"
            text += "a\(level): &a\(level) [\(Array(repeating: previous, count: 10).joined(separator: ", "))]\n"
        }
        let error = try #require(throws: YAMLError.self) { try YAMLParser.parse(text, file: "bomb.yaml") }
        #expect(error.message.contains("aliases expand to more than"))
        #expect(error.location.line > 1)
    }

    @Test("nesting deeper than the limit is refused")
    func depth() throws {
        let text = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        let error = try #require(throws: YAMLError.self) {
            try YAMLParser.parse(text, file: "deep.yaml", limits: YAMLLimits(maxDepth: 64))
        }
        #expect(error.message == "nesting deeper than 64 levels")
        #expect(error.location.column == 65)
    }

    @Test("a file over the size limit is refused before parsing")
    func size() throws {
        let error = try #require(throws: YAMLError.self) {
            try YAMLParser.parse(String(repeating: "a", count: 100), file: "big.yaml", limits: YAMLLimits(maxBytes: 10))
        }
        #expect(error.message == "file is 100 bytes, over the limit of 10 bytes")
    }

    @Test("invalid UTF-8 is an error at the offending byte")
    func invalidUTF8() throws {
        let bytes = Array("a: ok\nb: ".utf8) + [0xC3, 0x28] + Array("\n".utf8)
        let error = try #require(throws: YAMLError.self) { try YAMLParser.parse(bytes, file: "u.yaml") }
        #expect(error.location.line == 2)
        #expect(error.message.contains("UTF-8"))
    }

    @Test("an unknown alias is an error")
    func unknownAlias() throws {
        let error = try #require(throws: YAMLError.self) { try YAMLParser.parse("a: *nope\n", file: "x.yaml") }
        #expect(error.message.contains("unknown alias *nope"))
    }

    @Test("tabs used for indentation are a syntax error, not a crash")
    func tabs() throws {
        #expect(throws: YAMLError.self) { try YAMLParser.parse("a:\n\t- b\n", file: "t.yaml") }
    }

    @Test(
        "double-quoted output parses back to the same text",
        arguments: [
            "plain", "with \"quotes\" and \\", "# not a comment", "key: value", "  padded  ", "tab\there",
            "line\nbreak", "null", "ünïcødé ✓", "\u{7}bell", "'single'", "- dash", "", "\u{2028}sep",
        ])
    func quotingRoundTrip(value: String) throws {
        let root = try #require(try YAMLParser.parse("v: \(YAMLQuoting.doubleQuoted(value))\n", file: "q.yaml").first)
        guard case .mapping(let pairs) = root.content else {
            Issue.record("expected a mapping")
            return
        }
        #expect(pairs[0].value.scalar?.value == value)
    }
}
