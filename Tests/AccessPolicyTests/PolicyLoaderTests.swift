import AccessPolicy
import AccessPolicyTestSupport
import Foundation
import Testing
import YAMLTree

/// One broken policy and the diagnostics it must produce, at the marked places.
struct DiagnosticCase: Sendable, CustomTestStringConvertible {
    var name: String
    var yaml: String
    /// (marker, message, hint)
    var expected: [(String, String, String?)]

    var testDescription: String { name }

    static let all: [DiagnosticCase] = [
        DiagnosticCase(
            name: "unknown status",
            yaml: """
                commonAccess:
                  - type: ROLE
                    id: 2c9180835d2e5168015d32f890ca1581
                    status: 1️⃣CONFIRM
                """,
            expected: [("1️⃣", "unknown status \"CONFIRM\" (expected CONFIRMED or DENIED)", "did you mean CONFIRMED?")]),
        DiagnosticCase(
            name: "unknown key with a did-you-mean hint",
            yaml: """
                commonAccess:
                  - type: ROLE
                    id: 2c9180835d2e5168015d32f890ca1581
                    status: DENIED
                    1️⃣stauts: DENIED
                """,
            expected: [("1️⃣", "unknown key \"stauts\" in a commonAccess entry", "did you mean \"status\"?")]),
        DiagnosticCase(
            name: "unknown type",
            yaml: """
                commonAccess:
                  - type: 1️⃣ENTITLEMENT
                    id: 2c9180835d2e5168015d32f890ca1581
                    status: DENIED
                """,
            expected: [("1️⃣", "unknown type \"ENTITLEMENT\" (expected ROLE or ACCESS_PROFILE)", nil)]),
        DiagnosticCase(
            name: "lower-case enum value",
            yaml: """
                commonAccess:
                  - type: 1️⃣role
                    id: 2c9180835d2e5168015d32f890ca1581
                    status: DENIED
                """,
            expected: [("1️⃣", "unknown type \"role\" (expected ROLE or ACCESS_PROFILE)", "did you mean ROLE?")]),
        DiagnosticCase(
            name: "missing status, and neither id nor name",
            yaml: """
                commonAccess:
                  - 1️⃣type: ROLE
                    reason: forgot the rest
                """,
            expected: [
                ("1️⃣", "a commonAccess entry is missing \"status\"", nil),
                ("1️⃣", "a commonAccess entry is missing \"id\" or \"name\"", nil),
            ]),
        DiagnosticCase(
            name: "unknown top-level key",
            yaml: """
                1️⃣commonAcess:
                  - type: ROLE
                """,
            expected: [("1️⃣", "unknown key \"commonAcess\" in a policy file", "did you mean \"commonAccess\"?")]),
        DiagnosticCase(
            name: "commonAccess is not a list",
            yaml: """
                commonAccess: 1️⃣{type: ROLE}
                """,
            expected: [("1️⃣", "expected a list for \"commonAccess\", found a mapping", nil)]),
        DiagnosticCase(
            name: "an entry that is not a mapping",
            yaml: """
                commonAccess:
                  - 1️⃣just a string
                """,
            expected: [("1️⃣", "expected a commonAccess entry to be a mapping, found a scalar", nil)]),
        DiagnosticCase(
            name: "a value that is a list",
            yaml: """
                commonAccess:
                  - type: ROLE
                    id: 1️⃣[a, b]
                    status: DENIED
                """,
            expected: [("1️⃣", "expected a string for \"id\", found a list", nil)]),
        DiagnosticCase(
            name: "duplicate key",
            yaml: """
                commonAccess:
                  - type: ROLE
                    id: 2c9180835d2e5168015d32f890ca1581
                    status: DENIED
                    1️⃣status: CONFIRMED
                """,
            expected: [("1️⃣", "duplicate key \"status\"", nil)]),
        DiagnosticCase(
            name: "non-string key",
            yaml: """
                commonAccess:
                  - type: ROLE
                    id: 2c9180835d2e5168015d32f890ca1581
                    status: DENIED
                    1️⃣[k]: v
                """,
            expected: [("1️⃣", "keys must be strings, found a list", nil)]),
        DiagnosticCase(
            name: "malformed YAML",
            yaml: """
                commonAccess:
                  - type: ROLE
                    id: "unclosed
                1️⃣
                """,
            expected: [("1️⃣", "found unexpected end of stream", nil)]),
        DiagnosticCase(
            name: "the same item declared twice in one file",
            yaml: """
                commonAccess:
                  - type: ROLE
                    id: 2c9180835d2e5168015d32f890ca1581
                    status: DENIED
                  - 1️⃣type: ROLE
                    id: 2c9180835d2e5168015d32f890ca1581
                    status: DENIED
                """,
            expected: [("1️⃣", "ROLE 2c9180835d2e5168015d32f890ca1581 is declared twice", "keep one of the two entries")]),
        DiagnosticCase(
            name: "the same item with two statuses",
            yaml: """
                commonAccess:
                  - type: ACCESS_PROFILE
                    name: VPN
                    status: CONFIRMED
                  - 1️⃣type: ACCESS_PROFILE
                    name: VPN
                    status: DENIED
                """,
            expected: [
                (
                    "1️⃣", "ACCESS_PROFILE \"VPN\" is DENIED here but CONFIRMED at policies/test.yaml:2:5",
                    "an item has one status; remove one of the entries"
                )
            ]),
    ]
}

@Suite("Loading policy files")
struct PolicyLoaderTests {
    @Test("each mistake is reported at its place with a useful message", arguments: DiagnosticCase.all)
    func diagnostics(_ testCase: DiagnosticCase) throws {
        let yaml = MarkedYAML(testCase.yaml)
        let errors = try #require(throws: PolicyErrors.self) {
            try PolicyLoader().load([(yaml.file, yaml.bytes)])
        }
        #expect(errors.diagnostics.map(\.location) == testCase.expected.map { yaml[$0.0] })
        #expect(errors.diagnostics.map(\.message) == testCase.expected.map(\.1))
        #expect(errors.diagnostics.map(\.hint) == testCase.expected.map(\.2))
    }

    @Test("errors of several files are reported together, sorted by file and line")
    func allFilesTogether() throws {
        let a = MarkedYAML(
            "commonAccess:\n  - type: ROLE\n    id: 2c9180835d2e5168015d32f890ca1581\n    status: 1️⃣MAYBE\n",
            file: "policies/a.yaml")
        let b = MarkedYAML(
            "commonAccess:\n  - 1️⃣tpye: ROLE\n    id: 2c918004af0d75019e3d9b10f16ed644\n    status: DENIED\n",
            file: "policies/b.yaml")
        let errors = try #require(throws: PolicyErrors.self) {
            try PolicyLoader().load([(b.file, b.bytes), (a.file, a.bytes)])
        }
        #expect(errors.diagnostics.map(\.location) == [a["1️⃣"], b["1️⃣"], b["1️⃣"]])
        #expect(errors.diagnostics.last?.message == "a commonAccess entry is missing \"type\"")
    }

    @Test("an item declared in two files points at both")
    func declaredTwiceAcrossFiles() throws {
        let a = MarkedYAML(
            "commonAccess:\n  - 1️⃣{type: ROLE, id: 2c9180835d2e5168015d32f890ca1581, status: CONFIRMED}\n",
            file: "policies/a.yaml")
        let b = MarkedYAML(
            "commonAccess:\n  - 1️⃣{type: ROLE, id: 2c9180835d2e5168015d32f890ca1581, status: DENIED}\n",
            file: "policies/b.yaml")
        let errors = try #require(throws: PolicyErrors.self) {
            try PolicyLoader().load([(a.file, a.bytes), (b.file, b.bytes)])
        }
        let diagnostic = try #require(errors.diagnostics.first)
        #expect(errors.diagnostics.count == 1)
        #expect(diagnostic.location == b["1️⃣"])
        #expect(diagnostic.notes.first?.location == a["1️⃣"])
        #expect(
            diagnostic.description == """
                policies/b.yaml:2:5: error: ROLE 2c9180835d2e5168015d32f890ca1581 is DENIED here but CONFIRMED at policies/a.yaml:2:5
                policies/a.yaml:2:5: note: declared CONFIRMED here
                hint: an item has one status; remove one of the entries
                """)
    }

    @Test("a valid file gives entries with their locations")
    func validEntries() throws {
        let yaml = MarkedYAML(
            """
            commonAccess:
              - 1️⃣type: ROLE
                id: 2c9180835d2e5168015d32f890ca1581
                name: Engineering Base
                status: CONFIRMED
                reason: every engineer gets it
              - 2️⃣{type: ACCESS_PROFILE, name: "Domain Admins", status: DENIED}
            """)
        let set = try PolicyLoader().load([(yaml.file, yaml.bytes)])
        #expect(
            set.entries == [
                PolicyEntry(
                    type: .role, id: "2c9180835d2e5168015d32f890ca1581", name: "Engineering Base",
                    status: .confirmed, reason: "every engineer gets it", location: yaml["1️⃣"]),
                PolicyEntry(type: .accessProfile, name: "Domain Admins", status: .denied, location: yaml["2️⃣"]),
            ])
        #expect(set.digest.count == 64)
    }

    @Test("empty files and documents are fine; the digest changes with the content")
    func emptyAndDigest() throws {
        let one = try PolicyLoader().load([
            ("p/a.yaml", Array("".utf8)), ("p/b.yaml", Array("commonAccess: []\n".utf8)),
        ])
        let two = try PolicyLoader().load([
            ("p/a.yaml", Array("# c\n".utf8)), ("p/b.yaml", Array("commonAccess: []\n".utf8)),
        ])
        #expect(one.entries.isEmpty)
        #expect(one.digest != two.digest)
    }

    @Test("a missing policy directory says how to point at one")
    func missingDirectory() async throws {
        let errors = try await #require(throws: PolicyErrors.self) {
            try await PolicyLoader().load(directory: "/nonexistent/policies", fileSystem: InMemoryFileSystem())
        }
        #expect(errors.diagnostics.first?.message == "policy folder \"/nonexistent/policies\" does not exist")
    }
}
