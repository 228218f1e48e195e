import AccessPolicy
import Sandbox
import Testing
import YAMLTree

@Suite("Hostile and broken YAML never crashes the loader")
struct HostileYAMLTests {
    static let valid = Array(
        """
        commonAccess:
          - type: ROLE
            id: 2c9180835d2e5168015d32f890ca1581
            name: "Engineering Base"
            status: CONFIRMED
            reason: every engineer
          - {type: ACCESS_PROFILE, name: 'Domain Admins', status: DENIED}
          - &a {type: ROLE, id: 2c918004af0d75019e3d9b10f16ed644, status: DENIED}
        """.utf8)

    /// Loads `bytes` and checks the only two allowed outcomes: a policy, or located errors.
    func expectLocatedOutcome(
        _ bytes: [UInt8], limits: YAMLLimits = .default, sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        do {
            _ = try PolicyLoader(limits: limits).load([("policies/fuzz.yaml", bytes)])
        } catch let errors as PolicyErrors {
            #expect(!errors.diagnostics.isEmpty, sourceLocation: sourceLocation)
            for diagnostic in errors.diagnostics {
                #expect(diagnostic.location?.file == "policies/fuzz.yaml", sourceLocation: sourceLocation)
                #expect((diagnostic.location?.line ?? 0) >= 1, sourceLocation: sourceLocation)
            }
        } catch {
            Issue.record("unexpected error type \(type(of: error)): \(error)", sourceLocation: sourceLocation)
        }
    }

    @Test("2,000 random mutations of a valid policy give a policy or located errors")
    func mutations() {
        var random = SplitMix64(seed: 20_261_128)
        let alphabet = Array("-:{}[],&*!|>'\"#%@` \t\n\r\\?abcXYZ0123456789".utf8) + [0x00, 0xC3, 0xFF, 0xE2, 0x80]
        for _ in 0..<2_000 {
            var bytes = Self.valid
            for _ in 0..<Int.random(in: 1...8, using: &random) {
                let position = Int.random(in: 0..<bytes.count, using: &random)
                switch Int.random(in: 0..<4, using: &random) {
                case 0: bytes[position] = alphabet.randomElement(using: &random)!
                case 1: bytes.insert(alphabet.randomElement(using: &random)!, at: position)
                case 2: bytes.remove(at: position)
                default:
                    let length = Int.random(in: 1...20, using: &random)
                    let start = Int.random(in: 0..<bytes.count, using: &random)
                    bytes.insert(contentsOf: bytes[start..<min(bytes.count, start + length)], at: position)
                }
                if bytes.isEmpty { bytes = Self.valid }
            }
            expectLocatedOutcome(bytes)
        }
    }

    @Test("500 inputs of random bytes give located errors")
    func randomBytes() {
        var random = SplitMix64(seed: 42)
        for _ in 0..<500 {
            let bytes = (0..<Int.random(in: 0...300, using: &random)).map { _ in
                UInt8.random(in: 0...255, using: &random)
            }
            expectLocatedOutcome(bytes)
        }
    }

    @Test("deep nesting stops at the depth limit")
    func deepNesting() throws {
        let deep = Array(("commonAccess: " + String(repeating: "[", count: 100_000)).utf8)
        let errors = try #require(throws: PolicyErrors.self) {
            try PolicyLoader().load([("policies/deep.yaml", deep)])
        }
        #expect(errors.diagnostics.map(\.message) == ["nesting deeper than 64 levels"])
        let blocks = (0..<200).map { String(repeating: "  ", count: $0) + "k\($0):" }.joined(separator: "\n")
        expectLocatedOutcome(Array(blocks.utf8))
    }

    @Test("a billion-laughs alias bomb is refused quickly")
    func aliasBomb() throws {
        var text = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for level in 1...9 {
            text +=
                "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
                + "]\n"
        }
        text += "commonAccess: *a9\n"
        let started = ContinuousClock.now
        let errors = try #require(throws: PolicyErrors.self) {
            try PolicyLoader().load([("policies/bomb.yaml", Array(text.utf8))])
        }
        #expect(ContinuousClock.now - started < .seconds(10))  // an expanded bomb would take hours; CI may be busy
        #expect(errors.diagnostics.first?.message.contains("aliases expand to more than 100000 nodes") == true)
    }

    @Test("huge scalars, files over the size limit, tabs, NUL bytes and BOMs")
    func oddities() throws {
        let huge =
            "commonAccess:\n  - {type: ROLE, name: \(String(repeating: "x", count: 2_000_000)), status: DENIED}\n"
        let loaded = try PolicyLoader().load([("policies/huge.yaml", Array(huge.utf8))])
        #expect(loaded.entries.first?.name?.count == 2_000_000)
        // A huge value that is wrong is quoted in the message only in part.
        let hugeID = huge.replacing("name:", with: "id:")
        let errors = try #require(throws: PolicyErrors.self) {
            try PolicyLoader().load([("policies/huge.yaml", Array(hugeID.utf8))])
        }
        #expect(errors.description.count < 500)
        expectLocatedOutcome(Array(huge.utf8), limits: YAMLLimits(maxBytes: 1_000))
        expectLocatedOutcome(Array("commonAccess:\n\t- type: ROLE\n".utf8))
        expectLocatedOutcome(Array("commonAccess:\n  - type: RO\u{0}LE\n".utf8))
        expectLocatedOutcome([0xEF, 0xBB, 0xBF] + Array("commonAccess: []\n".utf8))
        expectLocatedOutcome([0xFE, 0xFF, 0x00, 0x61])
        expectLocatedOutcome(Array("? [complex, key]\n: value\n".utf8))
        expectLocatedOutcome(Array("commonAccess:\n  - type: ROLE\n    type: ROLE\n    1: 2\n    ~: x\n".utf8))
        expectLocatedOutcome(Array("--- !!binary\nR0lG\n--- [a]\n...\n--- {commonAccess: []}\n".utf8))
    }
}
